import { render } from 'ink-testing-library';
import { act, type ReactElement } from 'react';

/** The first frame Ink draws of `node`, rendered and unmounted inside act(). */
export async function frameOf(node: ReactElement): Promise<string> {
  let frame = '';
  await act(async () => {
    const app = render(node);
    frame = app.lastFrame() ?? '';
    app.unmount();
  });
  return frame;
}
