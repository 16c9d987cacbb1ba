/**
 * How an area base learns its drivers' `extra` types: a driver passes a map of kinds
 * to types (`{ node: AcmeNodeExtra }`) as the base's last type parameter, and the base
 * types its `list*`, `iterate*` and `get*` methods with them, so a driver needs no
 * `listX()` override just to narrow the type.
 */

/**
 * The `extra` type that the map `X` gives kind `K`, or `Record<string, unknown>` when
 * `X` names none.
 *
 * @example
 * ```ts
 * type A = ExtraOf<{ node: { zone: string } }, 'node'>; // { zone: string }
 * type B = ExtraOf<{}, 'node'>; // Record<string, unknown>
 * ```
 */
export type ExtraOf<X, K extends string> = X extends { [P in K]: infer T extends object } ? T : Record<string, unknown>;
