import { z } from 'zod';

export const languages = ['vi', 'en'] as const;
export const Language = z.enum(languages);
export type Language = z.infer<typeof Language>;

export const globalRoles = ['admin', 'editor'] as const;
export const GlobalRole = z.enum(globalRoles);
export type GlobalRole = z.infer<typeof GlobalRole>;

export const Uuid = z.uuid();

/** ISO 8601 timestamp as sent over the wire. */
export const Timestamp = z.iso.datetime({ offset: true });
