import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { isSearchableCategory } from '$lib/domain/directory';
import {
	checkStep, chosenOutcomes, easierChoices, journeyFilters, journeySteps, readAnswers, skipStep, suggestedOutcomes,
	type JourneyAnswers, type JourneyStep
} from '$lib/domain/journey';
import { areaOf, placeOfAnswers } from '$lib/server/journey';
import { senderHash } from '$lib/server/sender';
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
		outcomes: outcomes.filter((o) => isSearchableCategory(o.category)),
		outcomeLabels: outcomes.map(({ id, label_en, label_cy }) => ({ id, label_en, label_cy }))
	};
};

const stepOf = (value: FormDataEntryValue | null): JourneyStep =>
	journeySteps.find((step) => step === value) ?? 'matters';
const neighbour = (step: JourneyStep, by: 1 | -1) =>
	journeySteps[Math.min(Math.max(journeySteps.indexOf(step) + by, 0), journeySteps.length - 1)]!;

async function showResults(event: RequestEvent, answers: JourneyAnswers, savedProblem?: 'plan_empty' | 'too_many_requests') {
	return event.locals.withClaims(async (tx) => {
		const known = new Set((await listOutcomes(tx)).filter((o) => isSearchableCategory(o.category)).map((o) => o.id));
		const outcomes = chosenOutcomes(answers, known);
		const where = await placeOfAnswers(tx, answers);
		// A place that no longer resolves goes back to its question, with what was typed.
		if (!where.ok) return fail(400, { step: 'where' as const, answers, problems: { where: where.problem } });
		const result = await searchOffers(tx, journeyFilters(outcomes, answers), where.place);
		let counted = answers.counted;
		if (!counted && outcomes.length) {
			const area = await areaOf(tx, where.place);
			await recordDemand(tx, outcomes, area, senderHash(event, 'journey'));
			counted = true; // also when the limit skipped it: one journey never tries twice
		}
		const step = 'results' as const;
		const shown = { step, answers: { ...answers, outcomes, counted }, place: where.place, result, problems: {} };
		return savedProblem ? fail(savedProblem === 'plan_empty' ? 400 : 429, { ...shown, saveProblem: savedProblem }) : shown;
	});
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
		return { step: next, answers, problems: {}, suggested: next === 'review' ? suggestedOutcomes(answers) : undefined };
	},

	save: async (event) => {
		const form = await event.request.formData();
		const answers = readAnswers(form);
		const offerIds = [...new Set(form.getAll('offer').filter((id): id is string => typeof id === 'string'))].slice(0, 30);
		const saved = await event.locals.withClaims(async (tx) => {
			const known = new Set((await listOutcomes(tx)).filter((o) => isSearchableCategory(o.category)).map((o) => o.id));
			const where = await placeOfAnswers(tx, answers);
			const area = await areaOf(tx, where.ok ? where.place : null);
			const language = getLocale() === 'cy' ? 'cy' : 'en';
			return savePlan(tx, { outcomeIds: chosenOutcomes(answers, known), offerIds, area, language }, senderHash(event, 'plan'));
		});
		if (!saved.ok) return showResults(event, answers, saved.reason);
		redirect(303, localizeHref(`/plan/${saved.token}?saved=1`));
	}
};
