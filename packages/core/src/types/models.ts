/** Agnes chat model ids, for editor completion (any other id is passed on as it is). */
export type AgnesChatModelId =
  | 'agnes-3.0-flash'
  | 'agnes-2.5-pro'
  | 'agnes-2.5-flash'
  | 'agnes-2.0-flash'
  | 'agnes-1.5-flash'
  | (string & {});

/** Agnes image model ids, for editor completion (any other id is passed on as it is). */
export type AgnesImageModelId =
  | 'agnes-image-2.5-flash'
  | 'agnes-image-2.1-flash'
  | 'agnes-image-2.0-flash'
  | (string & {});
