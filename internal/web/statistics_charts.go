package web

import (
	"html/template"
	"sync"

	"github.com/scrutineer/scrutineer/internal/stats"
)

// maxDrawnCharts bounds the charts kept: a report has about a dozen, and a few
// periods' reports are in use at once.
const maxDrawnCharts = 256

// drawnCharts keeps the chart drawn for each table. Tables are never changed once
// built (stats.Source.Cached shares one report among everyone for a minute), so a
// chart drawn once serves every page showing that table; drawing them was a third
// of the statistics page. Public tables are fresh copies on each request
// (disclosure control) and are simply drawn again.
type drawnCharts struct {
	mu      sync.Mutex
	byTable map[*stats.Table]template.HTML
}

// chart returns t's chart, drawing it on first use.
func (c *drawnCharts) chart(t *stats.Table) template.HTML {
	c.mu.Lock()
	svg, ok := c.byTable[t]
	c.mu.Unlock()
	if ok {
		return svg
	}
	svg = chartFor(t)
	c.mu.Lock()
	if c.byTable == nil || len(c.byTable) >= maxDrawnCharts {
		c.byTable = map[*stats.Table]template.HTML{} // NOTE: start afresh; charts still in use are drawn again once
	}
	c.byTable[t] = svg
	c.mu.Unlock()
	return svg
}
