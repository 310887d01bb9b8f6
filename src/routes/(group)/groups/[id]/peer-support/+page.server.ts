import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { introductionModes } from '$lib/domain/peer-support-options';
import { requireAccess } from '$lib/server/access';
import { memberOrganisation } from '$lib/server/group';
import { listMembers } from '$lib/server/repos/accounts';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { groupSupporters, introductionSettings, setIntroductionSettings } from '$lib/server/repos/peer-supporters';
import type { Actions, PageServerLoad } from './$types';

// The group's peer supporters, whether each is shown (and why not), and — for owners — who
// handles introductions.
export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return event.locals.withClaims(async (tx) => {
		const organisation = await memberOrganisation(tx, event.params.id);
		return {
			organisation,
			supporters: await groupSupporters(tx, organisation.id),
			settings: await introductionSettings(tx, organisation.id),
			members: organisation.my_role === 'owner' ? await listMembers(tx, organisation.id) : [],
			outcomes: await listOutcomes(tx)
		};
	});
};

export const actions: Actions = {
	settings: async (event) => {
		requireAccess(event, 'signed_in');
		const form = await event.request.formData();
		const mode = z.enum(introductionModes).safeParse(form.get('introductions_by'));
		if (!mode.success) return fail(400, { settingsProblem: 'mode_missing' as const });
		const coordinators = form.getAll('coordinators').filter((v): v is string => typeof v === 'string' && z.uuid().safeParse(v).success);
		const saved = await event.locals.withClaims(async (tx) =>
			setIntroductionSettings(tx, (await memberOrganisation(tx, event.params.id)).id, mode.data, coordinators)
		);
		return saved ? { settingsSaved: true } : fail(403, { settingsProblem: 'owners_only' as const });
	}
};
