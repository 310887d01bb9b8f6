import { randomBytes } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { isSearchableCategory } from '$lib/domain/directory';
import {
	checkStep, chosenOutcomes, easierChoices, journeyFilters, journeySteps, readAnswers, skipStep, suggestedOutcomes,
	type JourneyAnswers, type JourneyStep
} from '$lib/domain/journey';
import { asServer } from '$lib/server/as-server';
import { areaOf, placeOfAnswers } from '$lib/server/journey';
import { keyedHash, senderHash } from '$lib/server/sender';
import { recordDemand } from '$lib/server/repos/demand';
import { searchOffers } from '$lib/server/repos/offers';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { savePlan } from '$lib/server/repos/plans';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// The "what matters to you" journey: one question a screen, each skippable. Every step posts the
// answers so far (hidden fields) and gets the next screen back, so it works without JavaScript and,
// with it, adds no history entries. Nothing is stored until the results (one anonymous demand row)
// and a saved plan (outcomes, offers, district only).

export const load: PageServerLoad = async ({ locals, setHeaders }) => {
	// Someone may need to leave quickly: the back button must not bring these answers back from a cache.
	setHeaders({ 'cache-control': 'no-store' });
	const outcomes = await locals.withClaims(listOutcomes);
	return {
		// Carried through the steps so a reloaded results page is counted once; never stored as it is.
		journey: randomBytes(16).toString('base64url'),
		outcomes: outcomes.filter((o) => isSearchableCategory(o.category)),
		outcomeLabels: outcomes.map(({ id, label_en, label_cy }) => ({ id, label_en, label_cy }))
	};
};

const stepOf = (value: FormDataEntryValue | null): JourneyStep =>
	journeySteps.find((step) => step === value) ?? 'matters';
const neighbour = (step: JourneyStep, by: 1 | -1) =>
	journeySteps[Math.min(Math.max(journeySteps.indexOf(step) + by, 0), journeySteps.length - 1)]!;

async function showResults(
	event: RequestEvent,
	answers: JourneyAnswers,
	saving?: { problem: 'plan_empty' | 'too_many_requests'; offers: string[] }
) {
	const shown = await event.locals.withClaims(async (tx) => {
		const known = new Set((await listOutcomes(tx)).filter((o) => isSearchableCategory(o.category)).map((o) => o.id));
		const outcomes = chosenOutcomes(answers, known);
		const where = await placeOfAnswers(tx, answers);
		if (!where.ok) return { ok: false as const, problem: where.problem };
		const result = await searchOffers(tx, journeyFilters(outcomes, answers), where.place);
		return { ok: true as const, outcomes, place: where.place, area: await areaOf(tx, where.place), result };
	});
	// A place that no longer resolves goes back to its question, with what was typed.
	if (!shown.ok) return fail(400, { step: 'where' as const, answers, problems: { where: shown.problem } });

	let counted = answers.counted;
	if (!counted && shown.outcomes.length) {
		// The demand row is the server's to write, in a transaction of its own (not the search's). A
		// reloaded results page (same journey id) is not counted again.
		await asServer(async (tx) => {
			const [once] = await tx.query<{ first: boolean }>(`select public.take_request_slot('journey_once', $1, 1, interval '1 day') as first`, [
				keyedHash(`journey:${answers.journey || randomBytes(16).toString('hex')}`)
			]);
			if (once?.first) await recordDemand(tx, shown.outcomes, shown.area, senderHash(event, 'journey'));
		});
		counted = true; // also when a limit skipped it: one journey never tries twice
	}
	const page = {
		step: 'results' as const,
		answers: { ...answers, outcomes: shown.outcomes, counted },
		place: shown.place,
		result: shown.result,
		problems: {},
		ticked: saving?.offers ?? []
	};
	return saving ? fail(saving.problem === 'plan_empty' ? 400 : 429, { ...page, saveProblem: saving.problem }) : page;
}

export const actions: Actions = {
	step: async (event) => {
		const form = await event.request.formData();
		let answers = readAnswers(form);
		const at = stepOf(form.get('step'));
		const go = form.get('go');
		const drop = easierChoices.find((choice) => choice === form.get('drop'));

		if (drop) return showResults(event, { ...answers, easier: answers.easier.filter((c) => c !== drop) });
		if (go === 'back') return { step: neighbour(at, -1), answers, problems: {} };
		if (go === 'review') return { step: 'review' as const, answers, problems: {}, suggested: suggestedOutcomes(answers) };
		if (go === 'skip') answers = skipStep(answers, at);
		else {
			const problems = checkStep(answers, at);
			if (Object.keys(problems).length) return fail(400, { step: at, answers, problems });
			if (at === 'where' && (answers.where.trim() || answers.lat)) {
				const where = await event.locals.withClaims((tx) => placeOfAnswers(tx, answers));
				if (!where.ok) return fail(400, { step: at, answers, problems: { where: where.problem } });
			}
		}
		if (at === 'review') return showResults(event, { ...answers, outcomes: answers.outcomes ?? [] });
		const next = neighbour(at, 1);
		// Coming to the review from the questions, the suggestion is made afresh from the answers as
		// they are now (an earlier answer may have changed); "Change my answers" keeps the adjusted list.
		if (next === 'review') answers = { ...answers, outcomes: null };
		return { step: next, answers, problems: {}, suggested: next === 'review' ? suggestedOutcomes(answers) : undefined };
	},

	save: async (event) => {
		const form = await event.request.formData();
		const answers = readAnswers(form);
		const uuid = z.uuid();
		const offerIds = [...new Set(form.getAll('offer').filter((id): id is string => typeof id === 'string' && uuid.safeParse(id).success))].slice(0, 30);
		const plan = await event.locals.withClaims(async (tx) => {
			const known = new Set((await listOutcomes(tx)).filter((o) => isSearchableCategory(o.category)).map((o) => o.id));
			const where = await placeOfAnswers(tx, answers);
			return { outcomeIds: chosenOutcomes(answers, known), area: await areaOf(tx, where.ok ? where.place : null) };
		});
		const language = getLocale() === 'cy' ? 'cy' : 'en';
		const saved = await asServer((tx) => savePlan(tx, { ...plan, offerIds, language }, senderHash(event, 'plan')));
		// The results come back with the groups still ticked.
		if (!saved.ok) return showResults(event, answers, { problem: saved.reason, offers: offerIds });
		redirect(303, localizeHref(`/plan/${saved.token}?saved=1`));
	}
};
