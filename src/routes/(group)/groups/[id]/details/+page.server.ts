import { fail } from '@sveltejs/kit';
import { checkOrganisation, readOrganisationDraft } from '$lib/domain/listing';
import { requireAccess } from '$lib/server/access';
import { memberOrganisation } from '$lib/server/group';
import { organisationDraftOf, updateOrganisation } from '$lib/server/repos/listings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	const organisation = await event.locals.withClaims((tx) => memberOrganisation(tx, event.params.id));
	return { organisation, values: organisationDraftOf(organisation) };
};

export const actions: Actions = {
	default: async (event) => {
		requireAccess(event, 'signed_in');
		const values = readOrganisationDraft(await event.request.formData());
		const checked = checkOrganisation(values);
		if (!checked.ok) return fail(400, { values, problems: checked.problems });
		await event.locals.withClaims(async (tx) => updateOrganisation(tx, (await memberOrganisation(tx, event.params.id)).id, checked.data));
		return { saved: true };
	}
};
