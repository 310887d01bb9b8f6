// Peer supporters and introductions: the codes and limits pages need, free of the checks
// (src/lib/domain/peer-support.ts) so they ship nothing extra to the browser.

/** The check a supporter's role needs: DBS (England and Wales), PVG (Scotland), AccessNI (Northern Ireland), or none. */
export const checkKinds = ['dbs', 'pvg', 'access_ni', 'none'] as const;
export type CheckKind = (typeof checkKinds)[number];

/** Groups re-check every three years; the database uses the same rule (checks_are_current). */
export const recheckYears = 3;

/** Who handles introductions: every member reviews them, or only owners and named coordinators. */
export const introductionModes = ['group_reviews', 'coordinators'] as const;
export type IntroductionMode = (typeof introductionModes)[number];

export const introductionStatuses = ['new', 'accepted', 'introduced', 'declined'] as const;
export type IntroductionStatus = (typeof introductionStatuses)[number];

export const requesters = ['person', 'practitioner'] as const;
export type Requester = (typeof requesters)[number];

export const supporterStatuses = ['draft', 'published', 'paused'] as const;
export type SupporterStatus = (typeof supporterStatuses)[number];

export const supporterLimits = { name: 40, beenThere: 300, availability: 200, training: 200, supervisor: 100 } as const;

export const supporterFields = ['display_name', 'been_there_en', 'been_there_cy', 'availability_en', 'availability_cy'] as const;
export const checkFields = ['check_kind', 'checked_on', 'training', 'trained_on', 'supervisor', 'confirm'] as const;
export type CheckDraft = Record<(typeof checkFields)[number], string>;
