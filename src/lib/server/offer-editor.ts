import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { isSearchableCategory } from '$lib/domain/directory';
import {
	blankOffer, blankSchedule, checkOffer, limits, offerListFields, offerTextFields, readOfferDraft, type OfferDraft
} from '$lib/domain/listing';
import { requireAccess } from '$lib/server/access';
import type { Tx } from '$lib/server/db/types';
import { idOrNotFound, memberOrganisation } from '$lib/server/group';
import { getEditableOffer, listPlaces, saveOffer } from '$lib/server/repos/listings';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { inLocale } from '$lib/i18n';

// The offer editor behind /groups/<id>/offers/new and /groups/<id>/offers/<offer>: one load and
// one save for both, so a new offer and an edited one follow the same rules.

type EditorEvent = RequestEvent<{ id: string; offerId?: string }>;

const offerIdOf = (event: EditorEvent): string | null => (event.params.offerId === undefined ? null : idOrNotFound(event.params.offerId));

async function choices(tx: Tx, organisationId: string) {
	const [outcomes, places] = await Promise.all([listOutcomes(tx), listPlaces(tx, organisationId)]);
	// People choose quality-of-life and change outcomes; process outcomes describe how support feels.
	return { outcomes: outcomes.filter((o) => isSearchableCategory(o.category)), places };
}

export async function loadEditor(event: EditorEvent) {
	requireAccess(event, 'signed_in');
	return event.locals.withClaims(async (tx) => {
		const organisation = await memberOrganisation(tx, event.params.id);
		const offerId = offerIdOf(event);
		const offer = offerId ? await getEditableOffer(tx, offerId, organisation.id) : null;
		if (offerId && !offer) error(404, { message: m.error_not_found_title() });
		return { organisation, offer, draft: offer?.draft ?? blankOffer(), ...(await choices(tx, organisation.id)) };
	});
}

/** One time as a line a person can compare ("weekly TU,TH 10:00–12:00, not in months 8"). */
const scheduleLine = (s: OfferDraft['schedules'][number]) =>
	[s.kind || 'weekly', s.kind === 'date' ? s.date : s.kind === 'monthly' ? `${s.ordinal}${s.weekday}` : s.days.join(','),
		`${s.opens}–${s.closes}`, s.from && `from ${s.from}`, s.to && `until ${s.to}`,
		s.except_months.length ? `not in months ${s.except_months.join(',')}` : '', s.except_dates && `not on ${s.except_dates}`]
		.filter(Boolean).join(' ');

/** The fields two versions disagree on, for "it changed meanwhile", with ids shown as names. */
function differences(mine: OfferDraft, theirs: OfferDraft, names: Map<string, string>) {
	const text = offerTextFields.filter((field) => field !== 'version' && mine[field].trim() !== theirs[field].trim())
		.map((field) => ({ field, mine: mine[field], theirs: theirs[field] }));
	const named = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(', ');
	const lists = offerListFields.filter((field) => [...mine[field]].sort().join() !== [...theirs[field]].sort().join())
		.map((field) => ({ field, mine: named(mine[field]), theirs: named(theirs[field]) }));
	const mineTimes = mine.schedules.map(scheduleLine).filter((line) => line !== 'weekly –').join('; ');
	const theirTimes = theirs.schedules.map(scheduleLine).filter((line) => line !== 'weekly –').join('; ');
	const schedules = mineTimes !== theirTimes ? [{ field: 'schedules', mine: mineTimes, theirs: theirTimes }] : [];
	return [...text, ...lists, ...schedules];
}

export async function saveEditor(event: EditorEvent) {
	requireAccess(event, 'signed_in');
	const form = await event.request.formData();
	const draft = readOfferDraft(form);
	const intent = String(form.get('intent') ?? 'draft');

	// Adding or removing a time is a round trip that keeps everything typed (no JavaScript needed).
	if (intent === 'add_schedule') {
		if (draft.schedules.length < limits.schedules) draft.schedules.push(blankSchedule());
		return { draft, problems: {}, focus: `schedule_${draft.schedules.length - 1}_opens-field` };
	}
	const removing = /^remove_schedule_(\d+)$/.exec(intent);
	if (removing) {
		draft.schedules.splice(Number(removing[1]), 1);
		if (!draft.schedules.length) draft.schedules.push(blankSchedule());
		return { draft, problems: {} };
	}

	const offerId = offerIdOf(event);
	const outcome = await event.locals.withClaims(async (tx) => {
		const organisation = await memberOrganisation(tx, event.params.id);
		const { outcomes, places } = await choices(tx, organisation.id);
		const checked = checkOffer(draft, { outcomes: new Set(outcomes.map((o) => o.id)), places: new Set(places.map((p) => p.id)) });
		if (!checked.ok) return { problems: checked.problems } as const;
		const names = new Map<string, string>([
			...outcomes.map((o) => [o.id, inLocale(o.label_en, o.label_cy)] as [string, string]),
			...places.map((p) => [p.id, p.name] as [string, string])
		]);
		return { names, saved: await saveOffer(tx, organisation.id, offerId, checked.data, draft.version, intent === 'submit' ? 'submit' : 'draft') } as const;
	});
	if ('problems' in outcome) return fail(400, { draft, problems: outcome.problems });
	const saved = outcome.saved;
	if (!saved.saved) {
		if (saved.reason === 'postcode_unknown') return fail(400, { draft, problems: { place_postcode: 'postcode_unknown' as const } });
		if (saved.reason === 'gone') error(404, { message: m.error_not_found_title() });
		// Someone saved first: keep what this person typed, show what changed, and let a second save win.
		return fail(409, {
			draft: { ...draft, version: saved.current.draft.version },
			problems: {},
			conflict: differences(draft, saved.current.draft, outcome.names)
		});
	}
	redirect(303, localizeHref(`/groups/${event.params.id}/offers/${saved.id}?saved=${saved.status}`));
}
