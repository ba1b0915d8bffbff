import type { MessageView } from '../message-view.js';

/** Every value of one header field, in message order (`name` lower-case). */
export function headerValues(view: MessageView, name: string): string[] {
  const values: string[] = [];
  for (const h of view.headers) if (h.name === name) values.push(h.value);
  return values;
}

/** The first value of one header field, or null when the message has none. */
export function firstHeader(view: MessageView, name: string): string | null {
  for (const h of view.headers) if (h.name === name) return h.value;
  return null;
}
