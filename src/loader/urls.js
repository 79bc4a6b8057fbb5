// Backing URLs: the URL Node loads a hot module under is its module URL plus a `hot=N` search
// parameter (N = 0 on first load, the reload version after), so every reload is a new Node module
// while the module URL stays the module's identity (`import.meta.url`, controller key).

const marker = /[?&]hot=(\d+)$/;

/**
 * @param {string} moduleURL
 * @param {number} version
 * @returns {string}
 */
export function backingURL(moduleURL, version) {
	return `${moduleURL}${moduleURL.includes("?") ? "&" : "?"}hot=${version}`;
}

/**
 * The module URL a backing URL stands for, or undefined if `url` is not a backing URL. Only the
 * marker the loader appended (always last) is removed; a user's own `hot=` parameter stays.
 * @param {string} url
 * @returns {string | undefined}
 */
export function moduleURLOf(url) {
	const match = marker.exec(url);
	return match === null ? undefined : url.slice(0, match.index);
}

/**
 * The version a backing URL loads (0 on first load), or undefined if `url` is not one.
 * @param {string} url
 * @returns {number | undefined}
 */
export function versionOf(url) {
	const match = marker.exec(url);
	return match === null ? undefined : Number(match[1]);
}
