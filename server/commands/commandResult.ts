/**
 * What a command answers when the request is understood but cannot be done: a stable code, the
 * form field it concerns, and a message a person can act on, Chinese first (style.md convention 7).
 */
export interface CommandRefusal {
  ok: false;
  code: string;
  field?: string;
  message: string;
}

export type CommandResult<T = null> = { ok: true; value: T } | CommandRefusal;

export function refuse(code: string, message: string, field?: string): CommandRefusal {
  return field ? { ok: false, code, message, field } : { ok: false, code, message };
}

export function done<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
