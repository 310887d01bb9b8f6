import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getLocale } from '$lib/paraglide/runtime';
import { checkMapping, checkUpload, sizeInWords } from '$lib/domain/openreferral-admin';
import { requireAccess } from '$lib/server/access';
import { database } from '$lib/server/db';
import { describeProblem, importOpenReferral, type ImportFile } from '$lib/server/openreferral/import';
import { listOutcomesPeopleChoose } from '$lib/server/repos/outcomes';
import { addTermMapping, listImports, listTermMappings, removeTermMapping, termsWaiting } from '$lib/server/repos/openreferral-admin';
import type { Actions, PageServerLoad } from './$types';

// Open Referral for admins: import another directory's HSDS data, map its taxonomy terms to our
// outcomes, and see what earlier imports did. The import itself runs as the server (service_role)
// once this page has checked the admin; mappings are written as the admin, so RLS checks again.

/** Problems shown on the page; the command-line import lists every one. */
const problemsShown = 200;

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'admin');
	return event.locals.withClaims(async (tx) => ({
		mappings: await listTermMappings(tx),
		waiting: await termsWaiting(tx),
		imports: await listImports(tx),
		outcomes: await listOutcomesPeopleChoose(tx),
		api: { url: `${event.url.origin}/openreferral`, openapi: `${event.url.origin}/openreferral/openapi.json` }
	}));
};

/** The chosen files as text; one that is not UTF-8 is named by the import itself. */
async function readFiles(form: FormData): Promise<ImportFile[]> {
	const chosen = form.getAll('files').filter((entry): entry is File => entry instanceof File && entry.size > 0);
	return Promise.all(chosen.map(async (file) => ({ name: file.name, content: await file.text() })));
}

export const actions: Actions = {
	import: async (event) => {
		const user = requireAccess(event, 'admin');
		const form = await event.request.formData();
		const sizes = form.getAll('files').map((entry) => (entry instanceof File ? entry.size : 0));
		const checked = checkUpload({ source: String(form.get('source') ?? ''), mode: String(form.get('mode') ?? ''), fileSizes: sizes });
		const size = sizeInWords(sizes.reduce((sum, s) => sum + s, 0));
		if (!checked.ok) return fail(400, { upload: { values: checked.values, problems: checked.problems, size } });
		const report = await importOpenReferral(await database(), { files: await readFiles(form), ...checked.data, importedBy: user.id });
		const locale = getLocale();
		return {
			upload: {
				values: checked.data,
				report: {
					outcome: report.outcome,
					counts: report.counts,
					problems: report.problems.slice(0, problemsShown).map((problem) => ({ severity: problem.severity, text: describeProblem(problem, locale) })),
					moreProblems: Math.max(0, report.problems.length - problemsShown)
				}
			}
		};
	},
	addMapping: async (event) => {
		const user = requireAccess(event, 'admin');
		const form = await event.request.formData();
		const values = { taxonomy: String(form.get('taxonomy') ?? ''), term: String(form.get('term') ?? ''), outcomeId: String(form.get('outcome') ?? '') };
		return event.locals.withClaims(async (tx) => {
			const outcomes = (await listOutcomesPeopleChoose(tx)).map((outcome) => outcome.id);
			const checked = checkMapping(values, outcomes);
			if (!checked.ok) return fail(400, { mapping: { values: checked.values, problems: checked.problems } });
			const added = await addTermMapping(tx, checked.data, user.id);
			return { mapping: added ? { added: true as const, offersTagged: added.offersTagged } : { exists: true as const, values: checked.data } };
		});
	},
	removeMapping: async (event) => {
		requireAccess(event, 'admin');
		const id = z.uuid().safeParse((await event.request.formData()).get('id'));
		const removed = id.success && (await event.locals.withClaims((tx) => removeTermMapping(tx, id.data)));
		return { mappingRemoved: removed };
	}
};
