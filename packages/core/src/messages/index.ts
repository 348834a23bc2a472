import type { AgnesLocale } from '../catalogue/types.ts';
import { messagesEn } from './en.ts';
import type { LocaleMessages } from './types.ts';
import { messagesZh } from './zh.ts';

export type { LocaleMessages, ReasonText, StopDetails } from './types.ts';

/** The messages of a locale; anything but `'zh'` gets English. */
export function getMessages(locale: AgnesLocale | undefined): LocaleMessages {
  return locale === 'zh' ? messagesZh : messagesEn;
}
