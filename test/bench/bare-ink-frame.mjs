// The floor of any Ink app's first frame: Node starts, loads Ink and React, draws one line. The timer keeps the pane open.
import { render, Text } from 'ink';
import { createElement } from 'react';

render(createElement(Text, null, 'ink-ready'));
setTimeout(() => undefined, 30_000);
