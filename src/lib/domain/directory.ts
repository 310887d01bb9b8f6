// The fixed vocabularies of the directory, mirrored from the CHECK constraints in
// supabase/migrations/20261122000003_directory.sql (tests/db/vocabularies.test.ts keeps the two in
// step). Labels live in messages/*.json.

export const offerKinds = [
	'peer_support', 'befriending', 'lunch_club', 'walking_group', 'carers_group', 'mens_shed',
	'food_support', 'advice', 'digital_skills', 'youth_club', 'welsh_language', 'arts_and_crafts',
	'exercise', 'learning', 'volunteering', 'practical_help', 'activity'
] as const;
export type OfferKind = (typeof offerKinds)[number];

export const costs = ['free', 'low_cost', 'paid'] as const;
export type Cost = (typeof costs)[number];

export const accessRoutes = ['drop_in', 'self_referral', 'referral', 'booking'] as const;
export type AccessRoute = (typeof accessRoutes)[number];

export const attendanceModes = ['in_person', 'online', 'both'] as const;
export type Attendance = (typeof attendanceModes)[number];

export const capacities = ['taking_new', 'waiting_list'] as const;
export type Capacity = (typeof capacities)[number];

export const audiences = [
	'everyone', 'adults', 'older_people', 'young_people', 'children', 'families', 'carers', 'men', 'women',
	'lgbtq', 'disabled_people', 'people_with_dementia', 'mental_health', 'neurodivergent', 'refugees', 'veterans'
] as const;
export type Audience = (typeof audiences)[number];

export const languageCodes = ['en', 'cy', 'bsl', 'pl', 'ar', 'ur', 'bn', 'pa', 'so', 'zh', 'ro', 'uk'] as const;
export type LanguageCode = (typeof languageCodes)[number];

export const accessibilityFeatures = [
	'wheelchair', 'step_free', 'accessible_toilet', 'hearing_loop', 'parking', 'quiet_space', 'baby_change'
] as const;
export type AccessibilityFeature = (typeof accessibilityFeatures)[number];

export const outcomeCategories = ['quality_of_life', 'process', 'change'] as const;
export type OutcomeCategory = (typeof outcomeCategories)[number];

/** Process outcomes describe how support feels; people search by the others (DESIGN.md §2). */
export const isSearchableCategory = (category: OutcomeCategory) => category !== 'process';
