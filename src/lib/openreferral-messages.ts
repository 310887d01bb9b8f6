import { m } from '$lib/paraglide/messages';
import type { MappingProblem, UploadProblem } from '$lib/domain/openreferral-admin';

// The admin's Open Referral form problems, in the reader's language.

export const uploadProblemText = (problem: UploadProblem, size: string): string =>
	({
		files_missing: () => m.or_problem_files_missing(),
		files_too_big: () => m.or_problem_files_too_big({ size }),
		source_missing: () => m.or_problem_source_missing(),
		source_too_long: () => m.or_problem_source_too_long()
	})[problem]();

export const mappingProblemText: Record<MappingProblem, () => string> = {
	term_missing: () => m.or_problem_term_missing(),
	term_too_long: () => m.or_problem_term_too_long(),
	taxonomy_too_long: () => m.or_problem_taxonomy_too_long(),
	outcome_missing: () => m.or_problem_outcome_missing()
};
