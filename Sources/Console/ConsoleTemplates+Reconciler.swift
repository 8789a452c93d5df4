/// The reconciler page.
extension ConsoleTemplates {
    /// `/ui/reconciler`: the last pass per DirectAdmin server, the orphans it did not delete and
    /// the zones missing here, each with approve and ignore, and the ignore list.
    static let reconciler = """
        <h1>Reconciler</h1>
        {{^running}}<p class="empty" id="reconciler-off">The reconciler is not running (reconciliation.enabled and directadmin_servers).</p>{{/running}}
        {{#running}}
        {{^pass}}<p class="empty">No pass has finished yet.</p>{{/pass}}
        {{#pass}}
        <p class="facts">Last pass {{finished}}{{#dryRun}} · dry run: nothing is deleted or fetched by the pass{{/dryRun}}</p>
        <table class="list servers"><thead><tr><th>DirectAdmin server</th><th>Reachable</th><th>Listed</th><th>Owned here</th><th>Orphans</th><th>Deleted</th><th>Missing here</th><th>Fetched</th><th>Problem</th></tr></thead>
        <tbody>
        {{#servers}}<tr data-server="{{hostname}}"><td>{{hostname}}</td><td data-label="Reachable">{{reachable}}</td><td data-label="Listed">{{listed}}</td>
        <td data-label="Owned here">{{owned}}</td><td data-label="Orphans">{{orphans}}</td><td data-label="Deleted">{{deleted}}</td>
        <td data-label="Missing here">{{missing}}</td><td data-label="Fetched">{{fetched}}</td><td data-label="Problem">{{problem}}</td></tr>{{/servers}}
        </tbody></table>
        {{/pass}}
        {{#sections}}
        <h2>{{title}}</h2>
        <p>{{explanation}}</p>
        <table class="list candidates {{kind}}"><thead><tr><th>Zone</th><th>DirectAdmin server</th><th>Why it is here</th><th></th></tr></thead>
        <tbody>
        {{#rows}}
        <tr data-zone="{{domain}}" data-kind="{{kind}}" data-state="{{kind}}">
        <td>{{#present}}<a href="/ui/zones/{{domain}}">{{domain}}</a>{{/present}}{{^present}}{{domain}}{{/present}}</td>
        <td data-label="DirectAdmin server">{{hostname}}</td><td data-label="Why">{{reason}}</td>
        <td><form method="post" action="/ui/reconciler/approve" class="approve"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="zone" value="{{domain}}"><button type="submit" data-confirm="{{approveQuestion}}">{{approveLabel}}</button></form>
        <form method="post" action="/ui/reconciler/ignore" class="ignore"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="zone" value="{{domain}}"><button type="submit" data-confirm="Ignore {{domain}}: later passes leave it alone?">Ignore</button></form></td>
        </tr>
        {{/rows}}
        </tbody></table>
        {{^rows}}<p class="empty">None.</p>{{/rows}}
        {{/sections}}
        <h2>Ignored</h2>
        <table class="list ignored"><thead><tr><th>Zone</th><th>As</th><th>DirectAdmin server</th><th>Since</th><th></th></tr></thead>
        <tbody>
        {{#ignored}}<tr data-zone="{{domain}}" data-kind="{{kind}}" data-state="ignored"><td>{{domain}}</td><td data-label="As">{{kind}}</td>
        <td data-label="DirectAdmin server">{{hostname}}</td><td data-label="Since">{{since}}</td>
        <td><form method="post" action="/ui/reconciler/unignore" class="unignore"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="zone" value="{{domain}}"><button type="submit" data-confirm="Stop ignoring {{domain}}?">Stop ignoring</button></form></td></tr>{{/ignored}}
        </tbody></table>
        {{^ignored}}<p class="empty">None.</p>{{/ignored}}
        {{/running}}
        """
}
