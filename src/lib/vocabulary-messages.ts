// Vocabulary value → its message, written out so the bundler keeps only the messages pages use
// (looking messages up by a computed name would pull every message, account mail included,
// into every page's JavaScript). Their types make each map complete: a new vocabulary value will not compile without its message.
import { m } from '$lib/paraglide/messages';

import type { AccessibilityFeature, AccessRoute, Attendance, Audience, Capacity, Cost, LanguageCode, OfferKind } from '$lib/domain/directory';
import type { Weekday } from '$lib/domain/schedule';

type Message = () => string;

export const kindMessages: Record<OfferKind, Message> = {
	activity: m.kind_activity,
	advice: m.kind_advice,
	arts_and_crafts: m.kind_arts_and_crafts,
	befriending: m.kind_befriending,
	carers_group: m.kind_carers_group,
	digital_skills: m.kind_digital_skills,
	exercise: m.kind_exercise,
	food_support: m.kind_food_support,
	learning: m.kind_learning,
	lunch_club: m.kind_lunch_club,
	mens_shed: m.kind_mens_shed,
	peer_support: m.kind_peer_support,
	practical_help: m.kind_practical_help,
	volunteering: m.kind_volunteering,
	walking_group: m.kind_walking_group,
	welsh_language: m.kind_welsh_language,
	youth_club: m.kind_youth_club
};

export const costMessages: Record<Cost, Message> = {
	free: m.cost_free,
	low_cost: m.cost_low_cost,
	paid: m.cost_paid
};

export const accessMessages: Record<AccessRoute, Message> = {
	booking: m.access_booking,
	drop_in: m.access_drop_in,
	referral: m.access_referral,
	self_referral: m.access_self_referral
};

export const attendanceModeMessages: Record<Attendance, Message> = {
	both: m.attendance_mode_both,
	in_person: m.attendance_mode_in_person,
	online: m.attendance_mode_online
};

export const capacityMessages: Record<Capacity, Message> = {
	taking_new: m.capacity_taking_new,
	waiting_list: m.capacity_waiting_list
};

export const audienceMessages: Record<Audience, Message> = {
	adults: m.audience_adults,
	carers: m.audience_carers,
	children: m.audience_children,
	disabled_people: m.audience_disabled_people,
	everyone: m.audience_everyone,
	families: m.audience_families,
	lgbtq: m.audience_lgbtq,
	men: m.audience_men,
	mental_health: m.audience_mental_health,
	neurodivergent: m.audience_neurodivergent,
	older_people: m.audience_older_people,
	people_with_dementia: m.audience_people_with_dementia,
	refugees: m.audience_refugees,
	veterans: m.audience_veterans,
	women: m.audience_women,
	young_people: m.audience_young_people
};

export const languageMessages: Record<LanguageCode, Message> = {
	ar: m.language_ar,
	bn: m.language_bn,
	bsl: m.language_bsl,
	cy: m.language_cy,
	en: m.language_en,
	pa: m.language_pa,
	pl: m.language_pl,
	ro: m.language_ro,
	so: m.language_so,
	uk: m.language_uk,
	ur: m.language_ur,
	zh: m.language_zh
};

export const accessibilityMessages: Record<AccessibilityFeature, Message> = {
	accessible_toilet: m.accessibility_accessible_toilet,
	baby_change: m.accessibility_baby_change,
	hearing_loop: m.accessibility_hearing_loop,
	parking: m.accessibility_parking,
	quiet_space: m.accessibility_quiet_space,
	step_free: m.accessibility_step_free,
	wheelchair: m.accessibility_wheelchair
};

export const dayMessages: Record<Weekday, Message> = {
	FR: m.day_FR,
	MO: m.day_MO,
	SA: m.day_SA,
	SU: m.day_SU,
	TH: m.day_TH,
	TU: m.day_TU,
	WE: m.day_WE
};

export const daysMessages: Record<Weekday, Message> = {
	FR: m.days_FR,
	MO: m.days_MO,
	SA: m.days_SA,
	SU: m.days_SU,
	TH: m.days_TH,
	TU: m.days_TU,
	WE: m.days_WE
};

export const ordinalMessages: Record<'1' | '2' | '3' | '4' | '5' | 'last', Message> = {
	'1': m.ordinal_1,
	'2': m.ordinal_2,
	'3': m.ordinal_3,
	'4': m.ordinal_4,
	'5': m.ordinal_5,
	last: m.ordinal_last
};
