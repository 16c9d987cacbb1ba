// @ts-check
/**
 * typedoc plugin: groups each module's exports by who uses them, from where they are
 * declared, so that the API site shows what an application uses apart from the pieces
 * for driver authors — without a `@category` tag on every declaration (new files are
 * placed by their folder):
 *
 * - "Errors": src/common/errors/**;
 * - "Building drivers": the HTTP layer (src/connection/**), the shared building blocks
 *   (src/common/**: registry, pagination, polling, OAuth, XML, redaction, provider
 *   families) and each provider's own Connection/Response classes — what a driver is
 *   made of (`DriverType`, `security` and the like stay with "Using nubes");
 * - "Using nubes" (the default category): drivers, their values and options, getDriver and
 *   Provider, the testing kit, and anything tagged `@category Using nubes` by hand.
 *
 * A declaration that carries its own `@category` tag keeps it.
 */
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';
import { relative, sep } from 'node:path';

/** Declared among the building blocks, but what an application itself uses. */
const USER_FACING = new Set([
  'DriverType', 'DriverConstructor', 'AreaDriverClass', 'DriverOptions', 'ConnectionOptions', 'TimeoutOptions', 'RetryOptions', 'RetryOption',
  'security', 'clearCertificateCache', 'CaMode', 'TrustStore', 'TrustSource',
]);

/** A provider's own connection and response classes: how its driver talks, not what users call. */
const PLUMBING = /(Connection|Response|ConnectionOptions|RequestContext)$/;

/**
 * @param {string} file
 * @param {string} name
 */
function categoryOf(file, name) {
  const path = relative(process.cwd(), file).split(sep).join('/');
  if (path.startsWith('src/common/errors/')) return 'Errors';
  if (USER_FACING.has(name)) return undefined;
  if (path.startsWith('src/connection/') || path.startsWith('src/common/')) return 'Building drivers';
  if (PLUMBING.test(name)) return 'Building drivers';
  return undefined;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const reflection of project.getReflectionsByKind(ReflectionKind.SomeExport)) {
      if (!reflection.parent?.kindOf(ReflectionKind.SomeModule | ReflectionKind.Project)) continue;
      const symbol = context.getSymbolFromReflection(reflection);
      const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
      if (!file) continue;
      const category = categoryOf(file, reflection.name);
      if (!category) continue;
      const comment = (reflection.comment ??= new Comment());
      if (comment.blockTags.some((tag) => tag.tag === '@category')) continue;
      comment.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: category }]));
    }
  });
}
