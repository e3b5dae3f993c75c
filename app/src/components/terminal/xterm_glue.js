// Thin loader for xterm.js: imports the library and its addons from /vendor on first
// use and returns the objects. All behaviour lives in Rust (components/terminal).
let modules;

function load() {
  modules ??= Promise.all([
    import("/vendor/xterm/xterm.mjs"),
    import("/vendor/xterm/addon-fit.mjs"),
    import("/vendor/xterm/addon-search.mjs"),
    import("/vendor/xterm/addon-web-links.mjs"),
    import("/vendor/xterm/addon-unicode11.mjs"),
  ]);
  return modules;
}

export async function createTerminal(element, fontSize, theme) {
  const [xterm, fit, search, links, unicode] = await load();
  const term = new xterm.Terminal({
    fontSize,
    scrollback: 10000,
    cursorBlink: true,
    allowProposedApi: true,
    fontFamily: 'ui-monospace, "JetBrains Mono", "Cascadia Mono", Menlo, Consolas, monospace',
    theme,
  });
  const fitAddon = new fit.FitAddon();
  const searchAddon = new search.SearchAddon();
  term.loadAddon(fitAddon);
  term.loadAddon(searchAddon);
  term.loadAddon(new links.WebLinksAddon());
  term.loadAddon(new unicode.Unicode11Addon());
  term.unicode.activeVersion = "11";
  term.open(element);
  fitAddon.fit();
  return { term, fit: fitAddon, search: searchAddon };
}
