import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { checkSafeguarding, checkSupporter, supporterDraft } from '$lib/domain/peer-support';
import { checkFields, type CheckDraft } from '$lib/domain/peer-support-options';
import { formText } from '$lib/domain/account';
import { requireAccess } from '$lib/server/access';
import { memberOrganisation } from '$lib/server/group';
import type { Tx } from '$lib/server/db/types';
import { listOutcomesPeopleChoose as peopleOutcomes } from '$lib/server/repos/outcomes';
import { groupSupporter, removeSupporter, saveChecks, setSupporterStatus, updateSupporter } from '$lib/server/repos/peer-supporters';
import type { Actions, PageServerLoad } from './$types';

// One peer supporter: their public details, their safeguarding (seen by the group and moderators
// only; an owner confirms), and whether they are shown.

const today = () => new Date().toISOString().slice(0, 10);

async function supporterOf(tx: Tx, groupId: string, supporterId: string) {
	const organisation = await memberOrganisation(tx, groupId);
	const supporter = await groupSupporter(tx, organisation.id, supporterId);
	if (!supporter) error(404, { message: m.error_not_found_title() });
	return { organisation, supporter };
}

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return event.locals.withClaims(async (tx) => ({
		...(await supporterOf(tx, event.params.id, event.params.supporterId)),
		outcomes: await peopleOutcomes(tx),
		today: today(),
		added: event.url.searchParams.has('added')
	}));
};

export const actions: Actions = {
	details: async (event) => {
		requireAccess(event, 'signed_in');
		const values = supporterDraft(await event.request.formData());
		return event.locals.withClaims(async (tx) => {
			const { organisation, supporter } = await supporterOf(tx, event.params.id, event.params.supporterId);
			const checked = checkSupporter(values, (await peopleOutcomes(tx)).map((o) => o.id));
			if (!checked.ok) return fail(400, { details: { values, problems: checked.problems, found: checked.found } });
			await updateSupporter(tx, organisation.id, supporter.id, checked.data);
			return { detailsSaved: true };
		});
	},
	checks: async (event) => {
		requireAccess(event, 'signed_in');
		const values = formText(await event.request.formData(), checkFields) as CheckDraft;
		const checked = checkSafeguarding(values, today());
		if (!checked.ok) return fail(400, { checks: { values, problems: checked.problems } });
		return event.locals.withClaims(async (tx) => {
			const { organisation, supporter } = await supporterOf(tx, event.params.id, event.params.supporterId);
			if (checked.data.confirm && organisation.my_role !== 'owner') return fail(403, { checks: { values, refused: 'owner_confirms' as const } });
			const saved = await saveChecks(tx, organisation.id, supporter.id, checked.data);
			if (saved === 'gone') error(404, { message: m.error_not_found_title() });
			if (saved === 'owner_confirms' || saved === 'checks_not_current') return fail(409, { checks: { values, refused: saved } });
			return { checksSaved: saved };
		});
	},
	status: async (event) => {
		requireAccess(event, 'signed_in');
		const status = z.enum(['published', 'paused', 'draft']).safeParse((await event.request.formData()).get('status'));
		if (!status.success) return fail(400, { statusProblem: 'checks_not_current' as const });
		return event.locals.withClaims(async (tx) => {
			const { organisation, supporter } = await supporterOf(tx, event.params.id, event.params.supporterId);
			const changed = await setSupporterStatus(tx, organisation.id, supporter.id, status.data);
			if (changed === 'gone') error(404, { message: m.error_not_found_title() });
			return changed === 'done' ? { statusChanged: status.data } : fail(409, { statusProblem: changed });
		});
	},
	remove: async (event) => {
		requireAccess(event, 'signed_in');
		await event.locals.withClaims(async (tx) => {
			const { organisation, supporter } = await supporterOf(tx, event.params.id, event.params.supporterId);
			await removeSupporter(tx, organisation.id, supporter.id);
		});
		redirect(303, localizeHref(`/groups/${event.params.id}/peer-support?removed=1`));
	}
};
