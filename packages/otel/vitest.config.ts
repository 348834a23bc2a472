import { agnesProject } from '../../tooling/vitest/project.ts';

export default agnesProject('otel');
