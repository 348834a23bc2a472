import { packageBuild } from '../../tooling/tsdown/preset.ts';

export default packageBuild(['src/index.ts']);
