package site

import "html/template"

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}{{if ne .Title .Course}} · {{.Course}}{{end}}</title>
<style>
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fff; --muted: #5b5b66; --accent: #5a3fc0; --line: #d8d8e0; --ok: #1b7f3a; --bad: #b3261e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8ee; --bg: #16161a; --muted: #a3a3b2; --accent: #b9a6ff; --line: #3a3a46; --ok: #6fd08c; --bad: #ff8a80; } }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { border-bottom: 1px solid var(--line); padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; }
header form { margin: 0; }
nav.crumbs { font-size: .9rem; }
nav.crumbs a { color: var(--muted); }
main { max-width: 46rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
a { color: var(--accent); }
h1 { line-height: 1.25; margin: .6rem 0 .4rem; }
h2 { line-height: 1.3; margin-top: 2rem; }
.lead { font-size: 1.1rem; }
.meta, .how { color: var(--muted); font-size: .9rem; }
.rule { border-left: 3px solid var(--accent); padding: .2rem .8rem; }
pre { overflow-x: auto; padding: .8rem; border: 1px solid var(--line); border-radius: 6px; }
code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .92em; }
blockquote { margin: 1rem 0; padding: .1rem 1rem; border-left: 3px solid var(--line); color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; text-align: left; }
table.scale td { text-align: center; }
ul.options, ul.key { list-style: none; padding-left: 0; }
ul.options li, ul.key li { margin: .3rem 0; }
.key .right .word { color: var(--ok); font-weight: 600; }
.key .wrong .word { color: var(--bad); }
.feedback, .explanation { margin: .3rem 0 .6rem 1.4rem; }
.explanation { border-left: 3px solid var(--ok); padding-left: .8rem; }
details { margin: .6rem 0 1rem; }
summary { cursor: pointer; font-weight: 600; }
fieldset { border: 1px solid var(--line); margin: 1.2rem 0; }
legend { font-weight: 600; padding: 0 .3rem; }
fieldset.field { border: 0; border-bottom: 1px solid var(--line); margin: .4rem 0; padding: .4rem 0 .8rem; }
fieldset.field legend { padding: 0; }
label.opt { display: inline-block; margin: .2rem 1rem .2rem 0; }
textarea, input[type=text] { width: 100%; font: inherit; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
nav.pager { display: flex; justify-content: space-between; gap: 1rem; border-top: 1px solid var(--line); margin-top: 2.5rem; padding-top: 1rem; }
img { max-width: 100%; }
@media print { header form, nav.pager { display: none; } details { display: block; } a { color: inherit; } }
</style>
</head>
<body>
<header>
<nav class="crumbs" aria-label="Breadcrumbs">{{range $i, $c := .Crumbs}}{{if $i}} › {{end}}<a href="{{$c.Href}}">{{$c.Text}}</a>{{end}}</nav>
<form action="search.html" role="search"><label>Search <input type="search" name="q" id="q"></label> <button type="submit">Go</button></form>
</header>
<main>
<h1>{{.Title}}</h1>
{{.Body}}
{{if or .Prev .Next}}<nav class="pager" aria-label="Previous and next">
<span>{{with .Prev}}← <a href="{{.Href}}" rel="prev">{{.Text}}</a>{{end}}</span>
<span>{{with .Next}}<a href="{{.Href}}" rel="next">{{.Text}}</a> →{{end}}</span>
</nav>{{end}}
</main>
{{if .Search}}<script>
(function () {
  var box = document.getElementById("q");
  var items = document.querySelectorAll("#results li");
  function filter() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    items.forEach(function (li) {
      var t = li.getAttribute("data-text");
      li.hidden = !words.every(function (w) { return t.indexOf(w) >= 0; });
    });
  }
  box.value = new URLSearchParams(location.search).get("q") || "";
  box.addEventListener("input", filter);
  filter();
})();
</script>{{end}}
</body>
</html>
`))
