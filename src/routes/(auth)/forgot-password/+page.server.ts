import { fail } from '@sveltejs/kit';
import { emailOnlyFields, formText, parseEmailOnly } from '$lib/domain/account';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	mailGoesToOutbox: locals.auth.mailWaitsInOutbox
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const values = formText(await request.formData(), emailOnlyFields);
		const kept = { email: values.email.slice(0, 300) };
		const parsed = parseEmailOnly(values);
		if (!parsed.ok) return fail(400, { values: kept, problems: parsed.problems });
		const result = await locals.auth.requestPasswordReset({ email: parsed.data.email, language: getLocale() });
		if (!result.ok) return fail(result.code === 'rate_limited' ? 429 : 400, { values: kept, failure: result });
		return { sentTo: parsed.data.email };
	}
};
