import { agnesProject } from '../../tooling/vitest/project.ts';

// The oldest supported axios minor: the same tests with `axios` resolved to axios 1.7.
export default agnesProject('axios@1.7', { name: 'axios', alias: 'axios-v1-7' });
