// Every chart and table of the page, in page order within its slot. A new one is a file in panels/
// plus one line here. A panel is { id, title, slot, mount() -> its element, render(d, range) }, and
// optionally move(d, range) for a new range with the same bands, restyle(d) for hidden users,
// hourly: true to get the hourly data even when the charts show days, withoutData: true to be drawn
// when the tab's data cannot be read (with d null).

import answerCards from "./panels/answer-cards.js";
import budget from "./panels/budget.js";
import capacity from "./panels/capacity.js";
import chartLegend from "./panels/chart-legend.js";
import clusterNow from "./panels/cluster-now.js";
import currentTable from "./panels/current-table.js";
import demandHeadline from "./panels/demand-headline.js";
import efficiencyTable from "./panels/efficiency-table.js";
import fairshare from "./panels/fairshare.js";
import families from "./panels/families.js";
import filesList from "./panels/files-list.js";
import jobs from "./panels/jobs.js";
import nowTable from "./panels/now-table.js";
import rightSize from "./panels/right-size.js";
import totalsTable from "./panels/totals-table.js";
import unlock from "./panels/unlock.js";
import { usageChart } from "./panels/usage-chart.js";
import waitByShape from "./panels/wait-by-shape.js";
import waitingJobs from "./panels/waiting-jobs.js";
import waitingTable from "./panels/waiting-table.js";
import whoTable from "./panels/who-table.js";

export const PANELS = [
  answerCards,
  usageChart("NCPUS"),
  chartLegend,
  usageChart("NGPUS"),
  usageChart("MEMORY"),
  usageChart("NJOBS"),
  whoTable,
  demandHeadline,
  clusterNow,
  nowTable,
  waitingTable,
  waitingJobs,
  currentTable,
  totalsTable,
  efficiencyTable,
  families,
  rightSize,
  jobs,
  capacity,
  budget,
  waitByShape,
  fairshare,
  filesList,
  unlock,
];
