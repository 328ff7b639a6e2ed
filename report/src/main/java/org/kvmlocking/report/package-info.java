/**
 * make report, in three layers. Read: {@link org.kvmlocking.report.Report} (results rows and the
 * checkers' files under target/check), {@link org.kvmlocking.report.Spec} (spec/*.tla),
 * {@link org.kvmlocking.report.JavaSource} (impl's Java: where each action is performed),
 * {@link org.kvmlocking.report.Trace} and {@link org.kvmlocking.report.Tla} (TLC's traces),
 * {@link org.kvmlocking.report.JavaPath} (JPF's error paths), {@link org.kvmlocking.report.Designs}.
 * Model: {@link org.kvmlocking.report.Race} (a counterexample as tasks and kernel steps).
 * Render: {@link org.kvmlocking.report.TextDiagram} (races/&lt;cfg&gt;.txt) and
 * {@link org.kvmlocking.report.Html}, which assembles the page from its sections (*Html, Bench)
 * and the CSS and JS resources; render classes share only {@link org.kvmlocking.report.Markup}.
 */
package org.kvmlocking.report;
