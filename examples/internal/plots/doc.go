// Package plots draws the charts of the smecredit example programs (portfolio, scorecard,
// casestudy) with gonum/plot, so that every example shows the same pictures the same way.
//
// Every function writes one file whose format follows the path's extension: ".png" (raster,
// 1200 px wide at the default size) or ".svg" (vector, for HTML reports). Titles, axis labels
// and tick labels are sized to stay readable when the picture is shown 1200 px wide; titles
// that would not fit are set in a smaller font rather than clipped.
//
// The charts:
//
//   - [Binning]: event and non-event counts per bin (stacked bars) above the event rate or
//     WoE per bin, as optbinning's BinningTable.plot draws it;
//   - [ROC], [CAP] and [KS]: the discrimination curves of a score, with AUC, the accuracy
//     ratio and the KS statistic in their titles;
//   - [Calibration]: observed default rate per grade with its Jeffreys interval against the
//     grade's PD;
//   - [ScoreDistributions]: the score distributions of goods and bads on shared bins;
//   - [TopAUC]: the n strongest variables by AUC as horizontal bars;
//   - [Bars] and [BoxPanels]: a labelled bar chart and a grid of box plots.
//
// Inputs are not modified. Errors come from bad shapes (named in the message), from the
// validation package (single class, non-finite scores) and from writing the file.
package plots
