// A small list of the passwords most often found in breaches (and the words they are built
// from, since "Password2024!" is as guessable as "password"). Not a breach database: a first
// line that catches the obvious without sending anything anywhere.

const commonWords = new Set([
	'password', 'passw0rd', 'p@ssword', 'p@ssw0rd', 'qwerty', 'qwertyuiop', 'qwertyuiop[]', 'asdfghjkl', 'zxcvbnm',
	'letmein', 'welcome', 'iloveyou', 'admin', 'administrator', 'football', 'monkey', 'dragon', 'sunshine',
	'princess', 'baseball', 'superman', 'batman', 'trustno1', 'master', 'shadow', 'michael', 'jennifer',
	'charlie', 'liverpool', 'chelsea', 'arsenal', 'cardiff', 'swansea', 'cymru', 'wales', 'newport', 'london',
	'changeme', 'secret', 'whatmatters', 'computer', 'internet', 'starwars', 'pokemon', 'freedom', 'whatever',
	'hello', 'helloworld', 'abc', 'abcdef', 'abcdefgh', 'abcdefghij', 'login', 'access', 'default', 'guest',
	'summer', 'winter', 'spring', 'autumn', 'january', 'christmas', 'family', 'lovely', 'flower', 'cheese',
	'chocolate', 'mustang', 'tigger', 'jordan', 'hunter', 'ranger', 'buster', 'soccer', 'hockey', 'killer',
	'qazwsx', 'qazwsxedc', '1qaz2wsx', '1q2w3e4r', '1q2w3e4r5t', 'q1w2e3r4', 'zaq12wsx', 'aa', 'test', 'testing',
	'user', 'username', 'root', 'pass', 'passwort', 'motdepasse', 'cyfrinair'
]);

/** Whole passwords (lower case) that the word rule below would not catch. */
const commonWholes = new Set([
	'1234567890', '12345678910', '0123456789', '0987654321', '1111111111', '1234512345', '1122334455',
	'123123123123', '123456789a', 'a123456789', '1234567890a', '123qweasd', '123qweasdzxc', 'qwe123qwe123',
	'abcd1234abcd', 'iloveyou123', 'password1234', 'qwerty123456'
]);

const decoration = /^[^a-z]*|[^a-z]*$/g; // digits and symbols wrapped around a word

/** True for passwords on the list, those words with digits or symbols around them, and one repeated character or a plain run. */
export function isCommonPassword(password: string): boolean {
	const lower = password.toLowerCase();
	if (commonWholes.has(lower)) return true;
	const word = lower.replace(decoration, '');
	if (commonWords.has(lower) || (word && commonWords.has(word))) return true;
	if (/^(.)\1+$/u.test(lower)) return true;
	if (/^(.{1,4})\1+$/u.test(lower)) return true; // "abcabcabcabc", "1212121212"
	return isRun(lower);
}

/** "abcdefghij", "9876543210": each character one code point from the last. */
function isRun(text: string): boolean {
	if (text.length < 6) return false;
	const step = text.charCodeAt(1) - text.charCodeAt(0);
	if (Math.abs(step) !== 1) return false;
	for (let i = 2; i < text.length; i++) if (text.charCodeAt(i) - text.charCodeAt(i - 1) !== step) return false;
	return true;
}
