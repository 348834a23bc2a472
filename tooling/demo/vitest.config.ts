import { agnesProject } from '../vitest/project.ts';

export default agnesProject('demo');
