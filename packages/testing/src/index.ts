export { edgePage, errorBody } from './provider.ts';
export { agnesModels } from './routes.ts';
export { startMockAgnes } from './server.ts';
export type {
  MockAgnes,
  MockAgnesOptions,
  MockStep,
  OverloadModel,
  ProviderLocale,
  RecordedRequest,
} from './types.ts';
