/// The console's stylesheet and script, inside the binary, served from `/ui/assets/`. The script
/// only adds conveniences (confirmation prompts); every page works without it.
enum ConsoleAssets {
    static let css = """
        :root { --ok: #1b7f3b; --degraded: #a86400; --error: #b3261e; --line: #d0d4da; font-family: system-ui, sans-serif; }
        body { margin: 0; color: #1d1f23; background: #f6f7f9; }
        header.top { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; padding: .6rem 1rem; background: #1d2733; }
        header.top a, header.top button { color: #fff; text-decoration: none; }
        header.top nav { display: flex; flex-wrap: wrap; gap: .75rem; flex: 1; }
        header.top a[aria-current] { text-decoration: underline; }
        .brand { font-weight: 700; }
        .logout button { background: none; border: 1px solid #fff; border-radius: 4px; padding: .2rem .6rem; cursor: pointer; }
        main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; }
        .card { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 6px; padding: .5rem 1rem; }
        .card-ok { border-left-color: var(--ok); } .card-degraded { border-left-color: var(--degraded); }
        .card-error { border-left-color: var(--error); }
        dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2rem .8rem; } dd { margin: 0; overflow-wrap: break-word; }
        .state-ok { color: var(--ok); } .state-pending, .state-retrying, .state-degraded { color: var(--degraded); }
        .state-failed, .state-error { color: var(--error); font-weight: 600; }
        table.list { width: 100%; border-collapse: collapse; background: #fff; }
        table.list th, table.list td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
        /* Only the free text may break inside a word; names, states and buttons keep theirs whole. */
        table.list td[data-label="Last error"] { overflow-wrap: anywhere; }
        .filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: 1rem; }
        .filters label, .login label { display: flex; flex-direction: column; font-size: .9rem; }
        .login { display: flex; flex-direction: column; gap: .75rem; max-width: 20rem; }
        input, select, button { font: inherit; padding: .3rem .5rem; }
        pre.zone-text { overflow-x: auto; background: #fff; border: 1px solid var(--line); padding: .5rem; font-size: .85rem; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 24rem), 1fr)); gap: 1rem; }
        .chart-box { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .25rem; }
        svg.chart { display: block; width: 100%; height: auto; font-size: 20px; }
        svg.chart .grid line { stroke: var(--line); stroke-width: 1; }
        svg.chart .axis text, svg.chart .legend text { fill: #4a5160; }
        svg.chart .chart-empty { fill: #7a8190; font-style: italic; }
        svg.chart .series { fill: none; stroke-width: 1.6; stroke-linejoin: round; stroke-linecap: round; }
        .series-pushes, .series-backend-0 { stroke: #2563eb; } .series-backend-1 { stroke: #0f766e; }
        .series-backend-2 { stroke: #7c3aed; } .series-backend-3 { stroke: #c2410c; } .series-backend-4 { stroke: #0e7490; }
        .series-backend-5 { stroke: #4d7c0f; } .series-failed { stroke: var(--error); stroke-dasharray: 4 3; }
        .series-p50 { stroke: #1b7f3b; } .series-p95 { stroke: #a86400; } .series-max { stroke: #b3261e; stroke-dasharray: 2 3; }
        pre.diff { overflow-x: auto; background: #fff; border: 1px solid var(--line); padding: .5rem; font-size: .85rem; }
        pre.diff span { display: block; white-space: pre; } .diff-add { background: #e6f4ea; color: #0d5220; }
        .diff-del { background: #fce8e6; color: #8c1d18; } .diff-hunk { color: #5f6368; } .diff-file { font-weight: 600; }
        form.rollback, form.heal { display: inline; }
        .error { color: var(--error); } .notice { background: #e8f3ec; padding: .5rem; border-radius: 4px; }
        @media (max-width: 40rem) {
          table.list thead { display: none; }
          table.list tr { display: block; border-bottom: 2px solid var(--line); padding: .3rem 0; }
          table.list td { display: block; border: none; padding: .1rem .5rem; }
          table.list td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
        }

        """

    static let javascript = """
        // Confirmation for buttons that carry data-confirm; the forms work without this script
        // (the server then answers with a confirmation page). Once confirmed here, the form
        // carries confirm=yes, which the server needs before it acts.
        document.addEventListener("submit", function (event) {
          var button = event.submitter;
          var question = button && button.getAttribute("data-confirm");
          if (!question) { return; }
          if (!window.confirm(question)) { event.preventDefault(); return; }
          var confirmed = document.createElement("input");
          confirmed.type = "hidden";
          confirmed.name = "confirm";
          confirmed.value = "yes";
          event.target.appendChild(confirmed);
        });

        """
}
