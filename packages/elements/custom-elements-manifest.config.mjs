// custom-elements.json, generated from the elements' class JSDoc (`@tagname`, `@fires` with the
// detail type, `@csspart`, `@cssproperty`) and Lit's decorators: `pnpm --filter @teahouse/elements
// run manifest`. The test command regenerates it and fails when the committed file differs.
export default {
  globs: ['src/**/*.component.ts', 'src/base/teahouse-element.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  dependencies: false,
  // package.json names the manifest itself: the check's run in a temporary folder must not rewrite it.
  packagejson: false,
  plugins: [
    {
      name: 'teahouse-cleanup',
      // The base class's `emit(name, …)` is read as an event called "name", and the base class
      // itself, which no tag names, as an element: neither is part of any element's contract.
      packageLinkPhase({ customElementsManifest }) {
        // Modules in path order: the analyzer lists them in the order its reads finish, which varies.
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name !== 'name');
            if (declaration.customElement && !declaration.tagName) delete declaration.customElement;
          }
        }
      },
    },
  ],
};
