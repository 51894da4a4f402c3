// The charts the record's documents show, as `charts.ts` draws them (declared here until
// that module lands; the writers only need this shape).

export interface Chart {
  title: string;
  svg: string;
  width: number;
  height: number;
  description: string;
}

export interface RecordCharts {
  attendance: Chart;
  turnsBySite: Chart;
  timeBySite: Chart;
  themes: Chart;
  contributionsByTheme: Chart;
  contributionsByKind: Chart;
}
