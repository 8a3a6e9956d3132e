import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { DeployPhase, PhaseState } from '../src/services/deploy/deploy.js';
import type { LayerProgress } from '../src/services/deploy/image-pull.js';
import { CheckLine, type LineStatus } from '../src/ui/prompts/check-line.js';
import { ProgressBar } from '../src/ui/prompts/progress-bar.js';

export const PHASE_TITLES: Record<DeployPhase, string> = {
  pull: 'Image',
  network: 'Network',
  certificate: 'Certificate',
  dkim: 'DKIM',
  create: 'Container',
  start: 'Start',
  account: 'Account',
  ready: 'Ready',
  aliases: 'Aliases',
  records: 'DNS',
};

const STATUS: Record<PhaseState, LineStatus> = { running: 'running', done: 'ok', skipped: 'skipped', failed: 'fail' };
const MAX_LAYERS = 6;

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Per-layer bars while the image is pulled (the busiest few, the rest counted). */
export function LayerBars({ layers }: { layers: readonly LayerProgress[] }): ReactNode {
  const active = layers.filter((l) => l.total);
  const shown = (active.length > 0 ? active : layers).slice(-MAX_LAYERS);
  const done = layers.filter((l) => /complete|exists/i.test(l.status)).length;
  return (
    <Box flexDirection="column" marginLeft={2}>
      {shown.map((layer) => (
        <Text key={layer.id}>
          {layer.id} <ProgressBar ratio={layer.total ? (layer.current ?? 0) / layer.total : /complete|exists/i.test(layer.status) ? 1 : 0} />{' '}
          {layer.status}
          {layer.total ? ` ${megabytes(layer.current ?? 0)}/${megabytes(layer.total)}` : ''}
        </Text>
      ))}
      <Text dimColor>
        {done} of {layers.length} layers done
      </Text>
    </Box>
  );
}

export function PhaseLines({ phases }: { phases: ReadonlyMap<DeployPhase, { state: PhaseState; message: string }> }): ReactNode {
  return (
    <Box flexDirection="column">
      {[...phases.entries()].map(([phase, { state, message }]) => (
        <CheckLine key={phase} status={STATUS[state]} title={PHASE_TITLES[phase]} message={message} />
      ))}
    </Box>
  );
}
