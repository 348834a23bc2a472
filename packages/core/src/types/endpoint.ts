/** Which Agnes endpoint a URL path names. */
export type EndpointKind =
  | 'chat'
  | 'responses'
  | 'messages'
  | 'completions'
  | 'embeddings'
  | 'images'
  | 'video_create'
  | 'video_status'
  | 'models'
  | 'other';

const routes: readonly [RegExp, EndpointKind, string][] = [
  [/\/chat\/completions\/?$/, 'chat', 'POST'],
  [/\/responses\/?$/, 'responses', 'POST'],
  [/\/messages\/?$/, 'messages', 'POST'],
  [/\/completions\/?$/, 'completions', 'POST'],
  [/\/embeddings\/?$/, 'embeddings', 'POST'],
  [/\/images\/(generations|edits|variations)\/?$/, 'images', 'POST'],
  [/\/(videos|video\/generations)\/?$/, 'video_create', 'POST'],
  [/\/(videos|video\/generations)\/[^/]+\/?$/, 'video_status', 'GET'],
  [/^\/agnesapi\/?$/, 'video_status', 'GET'],
  [/\/models(\/[^/]+)?\/?$/, 'models', 'GET'],
];

/** The endpoint a path names, and the method it expects. */
export function endpointOf(path: string | undefined): {
  kind: EndpointKind;
  expectedMethod: string | undefined;
} {
  if (path) {
    for (const [pattern, kind, expectedMethod] of routes) {
      if (pattern.test(path)) return { kind, expectedMethod };
    }
  }
  return { kind: 'other', expectedMethod: undefined };
}

/** Endpoints whose POST creates a billed task: resubmitting creates and bills a second one. */
export function isTaskCreating(method: string | undefined, path: string | undefined): boolean {
  return (method ?? 'GET').toUpperCase() === 'POST' && endpointOf(path).kind === 'video_create';
}
