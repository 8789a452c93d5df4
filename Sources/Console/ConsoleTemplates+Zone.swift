/// The zone page's actions and history, the diff page and the confirmation page.
extension ConsoleTemplates {
    /// On the zone page, under its backends: heal the zone (each backend compared and sent the
    /// zone again where it differs).
    static let zoneActions = """
        <form method="post" action="/ui/zones/{{zone}}/heal" class="heal">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" data-confirm="Heal {{zone}}: compare it with every backend and send it again where it is missing or different?">Heal</button>
        </form>
        """

    /// On the zone page: the kept versions, two radio columns choosing the diff's versions (the
    /// radios belong to the form after the table, so each row can hold its own rollback form).
    static let zoneHistory = """
        <h2>History</h2>
        {{#hasVersions}}
        <table class="list history"><thead><tr><th>From</th><th>To</th><th>Generation</th><th>Accepted</th><th>DirectAdmin time</th><th>Source</th><th>DirectAdmin host</th><th>Serial</th><th>Records</th><th>Hash</th><th></th></tr></thead>
        <tbody>
        {{#versions}}
        <tr data-zone="{{zone}}" data-generation="{{generation}}" data-source="{{source}}"{{#current}} data-current="yes"{{/current}}>
        <td data-label="From"><input type="radio" name="from" value="{{generation}}" form="zone-diff" aria-label="diff from generation {{generation}}"{{#isFrom}} checked{{/isFrom}}></td>
        <td data-label="To"><input type="radio" name="to" value="{{generation}}" form="zone-diff" aria-label="diff to generation {{generation}}"{{#isTo}} checked{{/isTo}}></td>
        <td data-label="Generation">{{generation}}{{#current}} (current){{/current}}</td><td data-label="Accepted">{{accepted}}</td>
        <td data-label="DirectAdmin time">{{changed}}</td><td data-label="Source">{{source}}</td><td data-label="DirectAdmin host">{{host}}</td>
        <td data-label="Serial">{{serial}}</td><td data-label="Records">{{records}}</td><td data-label="Hash"><code title="{{hash}}">{{shortHash}}</code></td>
        <td>{{#previous}}<a href="/ui/zones/{{zone}}/diff?from={{previous}}&amp;to={{generation}}">diff</a>{{/previous}}
        {{#rollback}}<form method="post" action="/ui/zones/{{zone}}/rollback" class="rollback"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="to" value="{{generation}}">
        <button type="submit" data-confirm="Roll back {{zone}} to generation {{generation}}?">Roll back</button></form>{{/rollback}}</td>
        </tr>
        {{/versions}}
        </tbody></table>
        <form method="get" action="/ui/zones/{{zone}}/diff" id="zone-diff" class="diff-choice"><button type="submit">Show the diff</button></form>
        {{/hasVersions}}
        {{^hasVersions}}<p class="empty">No versions kept (datastore.history_versions).</p>{{/hasVersions}}
        """

    /// `/ui/zones/D/diff`: a unified diff of two versions' records in canonical form, each line
    /// classed (`diff-add`, `diff-del`, `diff-hunk`, `diff-file`, `diff-same`) so it reads without script.
    static let diff = """
        <h1>{{zone}}: generation {{from}} → {{to}}</h1>
        <p><a href="/ui/zones/{{zone}}">Back to {{zone}}</a></p>
        <form method="get" action="/ui/zones/{{zone}}/diff" class="filters">
        <label>From <select name="from">{{#fromChoices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/fromChoices}}</select></label>
        <label>To <select name="to">{{#toChoices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/toChoices}}</select></label>
        <button type="submit">Show</button>
        </form>
        {{#same}}<p class="empty" id="diff-same">Generations {{from}} and {{to}} hold the same records.</p>{{/same}}
        {{^same}}<pre class="diff" id="zone-diff-text">{{#lines}}<span class="diff-{{kind}}">{{text}}</span>
        {{/lines}}</pre>{{/same}}
        """

    /// The confirmation page a state-changing button leads to without script: the same form
    /// again, with `confirm=yes`.
    static let confirm = """
        <h1>Confirm</h1>
        <p class="question" id="question">{{question}}</p>
        <form method="post" action="{{action}}" class="confirm">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">
        {{/fields}}<input type="hidden" name="confirm" value="yes">
        <button type="submit" id="confirm">Confirm</button> <a href="{{back}}" id="cancel">Cancel</a>
        </form>
        """

    /// The templates of this file, by name.
    static let zoneTemplates = [("zoneActions", zoneActions), ("zoneHistory", zoneHistory), ("diff", diff), ("confirm", confirm)]
}
