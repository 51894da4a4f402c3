import { z } from 'zod';
import { Timestamp, Uuid } from './common.ts';

const line = (max: number) => z.string().trim().max(max).default('');

/**
 * The portal's particulars, set by administrators ("Thông tin cổng"): what the header
 * and footer show and what a state e-portal must publish (Nghị định 42/2022/NĐ-CP:
 * managing agency, person responsible, address, phone, e-mail, licence). An English
 * field left empty falls back to the Vietnamese one. Nothing here has a built-in value.
 */
export const SiteSettings = z
  .strictObject({
    /** The portal's name: "Cổng thông tin điện tử …". */
    siteName: line(150),
    siteNameEn: line(150),
    /** The agency that runs the portal, shown above its name in the header. */
    agencyName: line(150),
    agencyNameEn: line(150),
    /** Cơ quan chủ quản. */
    managingAgency: line(200),
    managingAgencyEn: line(200),
    /** Người chịu trách nhiệm (name and title). */
    responsiblePerson: line(200),
    address: line(300),
    phone: line(100),
    email: z.union([z.literal(''), z.email({ error: 'email' }).max(200)]).default(''),
    /** Giấy phép thiết lập trang thông tin điện tử: number, date, issuer. */
    licence: line(300),
    /** The home page's description (search results, link previews). */
    description: line(300),
    descriptionEn: line(300),
    /** An uploaded emblem or logo (a photo); none: a neutral placeholder. */
    emblemPhotoId: Uuid.nullable().default(null),
  })
  .meta({ id: 'SiteSettings' });
export type SiteSettings = z.output<typeof SiteSettings>;

export const SiteSettingsView = SiteSettings.extend({
  updatedAt: Timestamp.nullable(),
}).meta({ id: 'SiteSettingsView' });

/** The settings in the reader's language (English falls back to Vietnamese). */
export function localSettings(s: SiteSettings, lang: 'vi' | 'en') {
  const en = lang === 'en';
  return {
    siteName: (en && s.siteNameEn) || s.siteName,
    agencyName: (en && s.agencyNameEn) || s.agencyName,
    managingAgency: (en && s.managingAgencyEn) || s.managingAgency,
    responsiblePerson: s.responsiblePerson,
    address: s.address,
    phone: s.phone,
    email: s.email,
    licence: s.licence,
    description: (en && s.descriptionEn) || s.description,
    emblemPhotoId: s.emblemPhotoId,
  };
}
export type LocalSettings = ReturnType<typeof localSettings>;
