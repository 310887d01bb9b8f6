import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getLocale } from '$lib/paraglide/runtime';
import { checkDecisionNote, checkMessage } from '$lib/domain/listing';
import { requireAccess } from '$lib/server/access';
import { linkOrigin } from '$lib/server/auth';
import { formId } from '$lib/server/group';
import { mailGroup, mailReportAnswer, mailTo } from '$lib/server/notify';
import type { Mail } from '$lib/server/mail';
import { linkIn } from '$lib/server/origin';
import { answerReport } from '$lib/server/repos/listings';
import {
	decideClaim, decideOffer, decideOrganisation, hideOffer, moderationQueue, restoreOffer, verifyOrganisation
} from '$lib/server/repos/moderation';
import { listOutcomes, listOutcomesPeopleChoose } from '$lib/server/repos/outcomes';
import { tagImportedOffer } from '$lib/server/repos/openreferral-admin';
import { checkModerationNote } from '$lib/domain/story';
import { decideStory, keepStoryUp, storyModerationQueue, takeDownStory } from '$lib/server/repos/stories';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// The moderation queue: new groups, new offers, claims and reports. Every decision can carry a
// reason the group sees on its dashboard and in a mail; turning something back or hiding it needs one.

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'moderator');
	return event.locals.withClaims(async (tx) => ({
		...(await moderationQueue(tx)), outcomes: await listOutcomes(tx), stories: await storyModerationQueue(tx)
	}));
};

const decision = z.enum(['approve', 'reject']);

async function read(event: RequestEvent) {
	requireAccess(event, 'moderator');
	const form = await event.request.formData();
	return {
		id: formId(form.get('id')),
		decision: decision.safeParse(form.get('decision')),
		note: String(form.get('note') ?? '').slice(0, 3000),
		form
	};
}

/** Tells everyone who looks after the group, each with a link to its page in their own language. */
const tellGroup = (event: RequestEvent, organisationId: string, mail: (link: string) => Mail) =>
	mailGroup(organisationId, linkOrigin(event.url), `/groups/${organisationId}`, mail);

/** A missing or already-decided item: someone else got there first. */
const gone = (id: string | null) => fail(409, { gone: true, id });

type StoryDone = 'published' | 'declined' | 'taken_down' | 'kept';
const storyChoice = z.enum(['publish', 'decline']);
const reportedChoice = z.enum(['take_down', 'keep']);

export const actions: Actions = {
	organisation: async (event) => {
		const { id, decision, note, form } = await read(event);
		if (!id || !decision.success) return gone(id);
		const approve = decision.data === 'approve';
		const checked = checkDecisionNote(note, !approve);
		if (!checked.ok) return fail(400, { id, note, problems: checked.problems });
		const decided = await event.locals.withClaims((tx) => decideOrganisation(tx, id, approve, form.get('verify') === 'yes', checked.data));
		if (!decided) return gone(id);
		await tellGroup(event, id, (link) => ({ kind: 'moderation_decision', listing: decided.name, approved: approve, note: checked.data, link }));
		return { decided: id };
	},
	verify: async (event) => {
		const { id } = await read(event);
		const done = id && (await event.locals.withClaims((tx) => verifyOrganisation(tx, id)));
		return done ? { decided: id } : gone(id);
	},
	offer: async (event) => {
		const { id, decision, note } = await read(event);
		if (!id || !decision.success) return gone(id);
		const approve = decision.data === 'approve';
		const checked = checkDecisionNote(note, !approve);
		if (!checked.ok) return fail(400, { id, note, problems: checked.problems });
		const offer = await event.locals.withClaims((tx) => decideOffer(tx, id, approve, checked.data));
		if (!offer) return gone(id);
		await tellGroup(event, offer.organisation_id, (link) => ({ kind: 'moderation_decision', listing: offer.title_en, approved: approve, note: checked.data, link }));
		return { decided: id };
	},
	hide: async (event) => {
		const { id, note, form } = await read(event);
		if (!id) return gone(id);
		const checked = checkDecisionNote(note, true);
		// The reason box belongs to the report it was typed under (`key`), so the error shows there.
		if (!checked.ok) return fail(400, { id: String(form.get('key') ?? id), note, problems: checked.problems });
		const offer = await event.locals.withClaims((tx) => hideOffer(tx, id, checked.data!));
		if (!offer) return gone(id);
		await tellGroup(event, offer.organisation_id, (link) => ({ kind: 'moderation_decision', listing: offer.title_en, approved: false, hidden: true, note: checked.data, link }));
		return { hidden: id };
	},
	// An imported offer whose terms mapped to no outcome: the moderator says which it supports.
	tag: async (event) => {
		const { id, form } = await read(event);
		if (!id) return gone(id);
		const chosen = form.getAll('outcome').map(String);
		const tagged = await event.locals.withClaims(async (tx) => {
			const known = (await listOutcomesPeopleChoose(tx)).map((o) => o.id);
			const outcomes = chosen.filter((outcome) => known.includes(outcome));
			if (outcomes.length === 0) return 'none_chosen' as const;
			return tagImportedOffer(tx, id, outcomes);
		});
		if (tagged === 'none_chosen') return fail(400, { id, tagProblem: true });
		return tagged ? { tagged: id } : gone(id);
	},
	restore: async (event) => {
		const { id } = await read(event);
		const done = id && (await event.locals.withClaims((tx) => restoreOffer(tx, id)));
		return done ? { decided: id } : gone(id);
	},
	claim: async (event) => {
		const { id, decision, note } = await read(event);
		if (!id || !decision.success) return gone(id);
		const approve = decision.data === 'approve';
		const checked = checkDecisionNote(note, !approve);
		if (!checked.ok) return fail(400, { id, note, problems: checked.problems });
		const claim = await event.locals.withClaims((tx) => decideClaim(tx, id, approve, checked.data));
		if (!claim) return gone(id);
		if (claim.claimant_email) {
			await mailTo(claim.claimant_email, { kind: 'claim_decision', organisation: claim.name, approved: approve, note: checked.data, link: linkIn(linkOrigin(event.url), `/groups/${claim.organisation_id}`, getLocale()) }, getLocale());
		}
		return { decided: id };
	},
	report: async (event) => {
		const { id, form } = await read(event);
		if (!id) return gone(id);
		const text = String(form.get('response') ?? '');
		const response = text.trim() ? checkMessage(text, 'response') : null;
		// The reply goes back into its own box (not the hide reason's), with its problem.
		if (response && !response.ok) return fail(400, { id, reply: text.slice(0, 3000), replyProblems: response.problems });
		const answered = await event.locals.withClaims((tx) => answerReport(tx, id, response?.ok ? response.data : null, true, true));
		if (!answered) return gone(id);
		if (response?.ok) await mailReportAnswer(id, answered.offerTitle, response.data);
		return { decided: id };
	},
	// "Stories waiting": publish or decline in one click; the note is optional.
	story: async (event) => {
		const { id, form, note } = await read(event);
		const choice = storyChoice.safeParse(form.get('choice'));
		if (!id || !choice.success) return gone(id);
		const checked = checkModerationNote(note);
		if (checked === false) return fail(400, { id, storyNote: note, storyNoteTooLong: true });
		const decision = choice.data === 'publish' ? 'published' : 'declined';
		const done = await event.locals.withClaims((tx) => decideStory(tx, id, decision, checked));
		return done ? { story: decision as StoryDone } : fail(409, { storyGone: true, id });
	},
	// "Reported stories": take it down, or keep it up (which closes its reports).
	reportedStory: async (event) => {
		const { id, form } = await read(event);
		const choice = reportedChoice.safeParse(form.get('choice'));
		if (!id || !choice.success) return gone(id);
		const done = choice.data === 'take_down'
			? await event.locals.withClaims((tx) => takeDownStory(tx, id))
			: (await event.locals.withClaims((tx) => keepStoryUp(tx, id))) > 0;
		return done ? { story: (choice.data === 'take_down' ? 'taken_down' : 'kept') as StoryDone } : fail(409, { storyGone: true, id });
	}
};
