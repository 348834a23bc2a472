import { agnesProject } from '../../tooling/vitest/project.ts';

// The same tests with `got` resolved to got 15.
export default agnesProject('got@15', { name: 'got', alias: 'got-v15' });
