import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { checkSupporter, supporterDraft } from '$lib/domain/peer-support';
import { requireAccess } from '$lib/server/access';
import { memberOrganisation } from '$lib/server/group';
import { listOutcomesPeopleChoose as peopleOutcomes } from '$lib/server/repos/outcomes';
import { addSupporter } from '$lib/server/repos/peer-supporters';
import type { Actions, PageServerLoad } from './$types';

// Adding a peer supporter: their public details first; their checks on the next page. They stay
// hidden until an owner confirms current checks.

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	return event.locals.withClaims(async (tx) => ({
		organisation: await memberOrganisation(tx, event.params.id),
		outcomes: await peopleOutcomes(tx)
	}));
};

export const actions: Actions = {
	default: async (event) => {
		requireAccess(event, 'signed_in');
		const values = supporterDraft(await event.request.formData());
		const id = await event.locals.withClaims(async (tx) => {
			const organisation = await memberOrganisation(tx, event.params.id);
			const checked = checkSupporter(values, (await peopleOutcomes(tx)).map((o) => o.id));
			if (!checked.ok) return checked;
			return addSupporter(tx, organisation.id, checked.data);
		});
		if (typeof id !== 'string') return fail(400, { values, problems: id.problems, found: id.found });
		redirect(303, localizeHref(`/groups/${event.params.id}/peer-support/${id}?added=1`));
	}
};
