import { agnesProject } from '../../tooling/vitest/project.ts';

export default agnesProject('langchain@1');
