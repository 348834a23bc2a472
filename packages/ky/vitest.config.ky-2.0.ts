import { agnesProject } from '../../tooling/vitest/project.ts';

// ky 2.0.x: the same tests with `ky` resolved to ky 2.0 (inside the peer range; hooks do not see
// `totalTimeout`, and `shouldRetry` is not raced against it, unlike 2.1).
export default agnesProject('ky@2.0', { name: 'ky', alias: 'ky-v2-0' });
