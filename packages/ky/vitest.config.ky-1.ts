import { agnesProject } from '../../tooling/vitest/project.ts';

// ky 1: the same tests with `ky` resolved to ky 1.x (positional hooks, per-attempt beforeRequest).
export default agnesProject('ky@1', { name: 'ky', alias: 'ky-v1' });
