import Mustache

/// The console's Mustache templates, inside the binary. `layout` wraps every page: it gets the
/// page's HTML in `body` (rendered first, so escaped there) and the session's `csrf` for the
/// logout form. `{{…}}` escapes HTML; `{{{…}}}` is used for `body` only.
enum ConsoleTemplates {
    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · dadns</title>
        <link rel="stylesheet" href="/ui/assets/console.css">
        <script src="/ui/assets/console.js" defer></script>
        </head>
        <body>
        <header class="top">
        <a class="brand" href="/ui/">dadns</a>
        {{#loggedIn}}
        <nav>
        <a href="/ui/"{{#onOverview}} aria-current="page"{{/onOverview}}>Overview</a>
        <a href="/ui/zones"{{#onZones}} aria-current="page"{{/onZones}}>Zones</a>
        <a href="/ui/failed"{{#onFailed}} aria-current="page"{{/onFailed}}>Failed and retrying</a>
        <a href="/ui/reconciler"{{#onReconciler}} aria-current="page"{{/onReconciler}}>Reconciler</a>
        </nav>
        <form method="post" action="/ui/logout" class="logout">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit">Log out</button>
        </form>
        {{/loggedIn}}
        </header>
        <main>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{{body}}}
        </main>
        </body>
        </html>

        """

    static let login = """
        <h1>Log in</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/ui/login" class="login">
        <input type="hidden" name="csrf" value="{{loginToken}}">
        <label>User <input name="username" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Log in</button>
        </form>
        """

    static let overview = """
        <h1>Overview</h1>
        <p class="overall state-{{status}}" id="overall" data-state="{{status}}">Status: <strong>{{status}}</strong></p>
        {{#hasReasons}}<ul class="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/hasReasons}}
        <p class="facts">{{zones}} zones · version {{version}} · up {{uptime}}{{#draining}} · draining{{/draining}}</p>
        {{#hasCharts}}<h2>Activity of this node, last 24 hours (UTC)</h2>
        <div class="charts">
        {{#charts}}<figure class="chart-box" data-chart="{{id}}">{{{svg}}}</figure>
        {{/charts}}
        </div>{{/hasCharts}}
        <h2>Backends</h2>
        <div class="cards">
        {{#backends}}
        <section class="card card-{{status}}" data-backend="{{name}}" data-state="{{status}}">
        <h3>{{name}} <small>{{type}}</small></h3>
        <dl>
        <dt>Status</dt><dd>{{status}}</dd>
        <dt>Pending</dt><dd>{{pending}}</dd>
        <dt>Retrying</dt><dd>{{retrying}}</dd>
        <dt>Failed</dt><dd>{{failed}}</dd>
        <dt>Oldest pending</dt><dd>{{oldestPending}}</dd>
        <dt>Last batch</dt><dd>{{lastBatch}}</dd>
        <dt>Last error</dt><dd>{{lastError}}</dd>
        {{#probed}}<dt>Probe</dt><dd class="probe">{{probe}}</dd>{{/probed}}
        </dl>
        </section>
        {{/backends}}
        </div>
        <h2>Peers</h2>
        <p>Peer sync: {{peerSync}}</p>
        {{#hasPeers}}
        <table class="list"><thead><tr><th>Peer</th><th>Healthy</th><th>Last seen</th><th>Last error</th></tr></thead><tbody>
        {{#peers}}<tr data-peer="{{url}}"><td>{{url}}</td><td>{{healthy}}</td><td>{{lastSeen}}</td><td>{{lastError}}</td></tr>{{/peers}}
        </tbody></table>
        {{/hasPeers}}
        <h2>Reconciler</h2>
        <p>Reconciler: {{reconciler}}</p>
        {{#reconcilerPass}}
        <dl class="pass">
        <dt>Last pass</dt><dd>{{lastRun}}</dd>
        <dt>Servers polled</dt><dd>{{serversPolled}}</dd>
        <dt>Unreachable</dt><dd>{{unreachable}}</dd>
        <dt>Zones seen</dt><dd>{{zonesSeen}}</dd>
        <dt>Orphans</dt><dd>{{orphans}}</dd>
        <dt>Missing here</dt><dd>{{missing}}</dd>
        </dl>
        {{/reconcilerPass}}
        """

    static let zones = """
        <h1>Zones</h1>
        <form method="get" action="/ui/zones" class="filters">
        <label>Name <input name="q" value="{{q}}" type="search" id="zone-search"></label>
        <label>Match <select name="match">{{#matches}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/matches}}</select></label>
        <label>State <select name="state">{{#states}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/states}}</select></label>
        <label>Backend <select name="backend">{{#backendChoices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/backendChoices}}</select></label>
        <label>DirectAdmin host <input name="host" value="{{host}}"></label>
        <label>Sort <select name="sort">{{#sorts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/sorts}}</select></label>
        <button type="submit">Show</button>
        </form>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <table class="list zones"><thead><tr><th>Zone</th><th>Backend</th><th>State</th><th>Serial</th><th>DirectAdmin host</th><th>Updated</th><th>Last error</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr data-zone="{{zone}}" data-backend="{{backend}}" data-state="{{state}}">
        <td><a href="/ui/zones/{{zone}}">{{zone}}</a></td><td data-label="Backend">{{backend}}</td>
        <td data-label="State" class="state state-{{state}}">{{state}}</td>
        <td data-label="Serial">{{serial}}</td><td data-label="DirectAdmin host">{{host}}</td><td data-label="Updated">{{updated}}</td>
        <td data-label="Last error">{{lastError}}</td>
        </tr>
        {{/rows}}
        </tbody></table>
        {{^rows}}<p class="empty">No zones match.</p>{{/rows}}
        <p class="paging">{{scanned}}{{#next}} <a rel="next" href="{{next}}">Next page</a>{{/next}}</p>
        """

    static let failed = """
        <h1>Failed and retrying</h1>
        {{#hasRows}}
        <form method="post" action="/ui/retry" class="retry-all">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" data-confirm="Retry every failed and retrying zone now?">Retry all</button>
        </form>
        {{/hasRows}}
        <table class="list failed"><thead><tr><th>Zone</th><th>Backend</th><th>State</th><th>Attempts</th><th>Next attempt</th><th>Last error</th><th></th></tr></thead>
        <tbody>
        {{#rows}}
        <tr data-zone="{{zone}}" data-backend="{{backend}}" data-state="{{state}}">
        <td><a href="/ui/zones/{{zone}}">{{zone}}</a></td><td data-label="Backend">{{backend}}</td>
        <td data-label="State" class="state state-{{state}}">{{state}}</td>
        <td data-label="Attempts">{{attempts}}</td><td data-label="Next attempt" data-next-attempt="{{nextAttemptEpoch}}">{{nextAttempt}}</td>
        <td data-label="Last error">{{lastError}}</td>
        <td><form method="post" action="/ui/retry"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="backend" value="{{backend}}"><input type="hidden" name="zone" value="{{zone}}">
        <button type="submit">Retry</button></form></td>
        </tr>
        {{/rows}}
        </tbody></table>
        {{^rows}}<p class="empty">No failed or retrying zones.</p>{{/rows}}
        {{#more}}<p>Only the first {{limit}} of each state are shown.</p>{{/more}}
        """

    /// The zone page's first part: the zone's facts, its state per backend, its text and journal.
    /// Its heal button and history (with diff and rollback) are the partials `zoneActions` and `zoneHistory`.
    static let zone = """
        <h1>{{zone}}</h1>
        <p class="facts">generation {{generation}} · serial {{serial}} · {{records}} records · DirectAdmin host {{host}} · updated {{updated}}</p>
        {{#deleted}}<p class="notice">Deleted: the backends are removing it.</p>{{/deleted}}
        <h2>Backends</h2>
        <table class="list pairs"><thead><tr><th>Backend</th><th>State</th><th>Applied generation</th><th>Attempts</th><th>Next attempt</th><th>Last error</th><th>Probe</th><th></th></tr></thead>
        <tbody>
        {{#pairs}}
        <tr data-zone="{{zone}}" data-backend="{{backend}}" data-state="{{state}}">
        <td>{{backend}}</td><td data-label="State" class="state state-{{state}}">{{state}}</td><td data-label="Applied generation">{{applied}}</td>
        <td data-label="Attempts">{{attempts}}</td><td data-label="Next attempt">{{nextAttempt}}</td><td data-label="Last error">{{lastError}}</td>
        <td data-label="Probe" class="probe" data-probe="{{probeState}}">{{probe}}</td>
        <td>{{#retryable}}<form method="post" action="/ui/zones/{{zone}}/retry"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="backend" value="{{backend}}">
        <button type="submit" data-confirm="Retry {{zone}} on {{backend}} now?">Retry</button></form>{{/retryable}}</td>
        </tr>
        {{/pairs}}
        </tbody></table>
        {{> zoneActions}}
        {{> zoneHistory}}
        {{#text}}<h2>Zone in canonical form</h2>
        <pre class="zone-text">{{text}}</pre>{{/text}}
        <h2>Journal</h2>
        <table class="list journal"><thead><tr><th>At</th><th>Action</th><th>Generation</th><th>Source</th><th>DirectAdmin host</th><th>Detail</th></tr></thead>
        <tbody>
        {{#journal}}<tr><td>{{at}}</td><td>{{action}}</td><td>{{generation}}</td><td>{{source}}</td><td>{{host}}</td><td>{{detail}}</td></tr>{{/journal}}
        </tbody></table>
        """

    /// The library of every page, parsed once.
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        let pages = [("layout", layout), ("login", login), ("overview", overview), ("zones", zones), ("failed", failed), ("zone", zone)]
        for (name, text) in pages + zoneTemplates + [("reconciler", reconciler)] {
            try library.register(text, named: name)
        }
        return library
    }
}
