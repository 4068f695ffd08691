package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// The chart has two panels over a logarithmic N axis: the ratio to the floor
// of every operation and latency, and, at the highest latency, the wall and
// floor seconds of every operation.

var opColors = map[string]string{"apply": "#1f77b4", "plan": "#2ca02c", "update": "#9467bd", "destroy": "#d62728"}

type point struct{ N, Y float64 }

type series struct {
	Color  string
	Dashed bool
	Points []point
}

type panel struct {
	Title      string
	X, Y, W, H float64 // plot area
	Ns         []int
	YMin, YMax float64
	LogY       bool
	Series     []series
	Target     float64 // horizontal target line, 0 for none
}

const (
	chartWidth  = 900
	chartHeight = 420
)

func (r *report) svg() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", chartWidth, chartHeight, chartWidth, chartHeight)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	ratio, secs := r.panels()
	if ratio == nil {
		b.WriteString(`<text x="20" y="40">no scenario finished</text></svg>` + "\n")
		return b.String()
	}
	ratio.draw(&b)
	secs.draw(&b)
	r.legend(&b)
	b.WriteString("</svg>\n")
	return b.String()
}

// panels builds the ratio panel (all plain-HTTP scenarios) and the seconds
// panel (highest latency only).
func (r *report) panels() (*panel, *panel) {
	var ns []int
	var latencies []time.Duration
	for _, sc := range r.Scenarios {
		if !sc.TLS && len(sc.Ops) > 0 {
			if !slices.Contains(ns, sc.N) {
				ns = append(ns, sc.N)
			}
			if !slices.Contains(latencies, sc.Latency) {
				latencies = append(latencies, sc.Latency)
			}
		}
	}
	if len(ns) == 0 {
		return nil, nil
	}
	slices.Sort(ns)
	slices.Sort(latencies)
	top := latencies[len(latencies)-1]

	ratio := &panel{Title: "wall / floor, log scale (solid: " + top.String() + " latency, dashed: lower)",
		X: 60, Y: 40, W: 360, H: 280, Ns: ns, Target: targetRatio, LogY: true}
	secs := &panel{Title: "seconds at " + top.String() + " latency (solid: wall, dashed: floor)",
		X: 510, Y: 40, W: 360, H: 280, Ns: ns}
	lo, hi, most := 1.0, targetRatio, 0.0
	for _, op := range operations {
		for _, lat := range latencies {
			var ratios, walls, floors []point
			for _, n := range ns {
				if res, ok := r.find(n, lat, false, op.Name); ok {
					ratios = append(ratios, point{float64(n), res.Ratio()})
					walls = append(walls, point{float64(n), res.Wall.Seconds()})
					floors = append(floors, point{float64(n), res.Floor.Seconds()})
					lo, hi = math.Min(lo, res.Ratio()), math.Max(hi, res.Ratio())
					most = math.Max(most, math.Max(res.Wall.Seconds(), res.Floor.Seconds()))
				}
			}
			ratio.Series = append(ratio.Series, series{Color: opColors[op.Name], Dashed: lat != top, Points: ratios})
			if lat == top {
				secs.Series = append(secs.Series,
					series{Color: opColors[op.Name], Points: walls},
					series{Color: opColors[op.Name], Dashed: true, Points: floors})
			}
		}
	}
	ratio.YMin, ratio.YMax = lo*0.9, hi*1.1
	secs.YMin, secs.YMax = 0, niceCeil(most*1.05)
	return ratio, secs
}

func (p *panel) xPos(n float64) float64 {
	lo, hi := math.Log10(float64(p.Ns[0])), math.Log10(float64(p.Ns[len(p.Ns)-1]))
	if hi == lo {
		return p.X + p.W/2
	}
	return p.X + (math.Log10(n)-lo)/(hi-lo)*p.W
}

func (p *panel) yPos(y float64) float64 {
	if p.LogY {
		return p.Y + p.H - math.Log(y/p.YMin)/math.Log(p.YMax/p.YMin)*p.H
	}
	return p.Y + p.H - (y-p.YMin)/(p.YMax-p.YMin)*p.H
}

func (p *panel) ticks() []float64 {
	if !p.LogY {
		return linearTicks(p.YMin, p.YMax)
	}
	var ts []float64
	for pow := math.Pow(10, math.Floor(math.Log10(p.YMin))); pow <= p.YMax; pow *= 10 {
		for _, m := range []float64{1, 1.5, 2, 3, 5} {
			if v := m * pow; v >= p.YMin && v <= p.YMax {
				ts = append(ts, v)
			}
		}
	}
	return ts
}

func (p *panel) draw(b *strings.Builder) {
	fmt.Fprintf(b, `<text x="%.0f" y="%.0f" font-size="13" font-weight="bold">%s</text>`+"\n", p.X, p.Y-14, p.Title)
	fmt.Fprintf(b, `<rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" fill="none" stroke="#999"/>`+"\n", p.X, p.Y, p.W, p.H)
	for _, y := range p.ticks() {
		py := p.yPos(y)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#eee"/>`, p.X, py, p.X+p.W, py)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end">%g</text>`+"\n", p.X-6, py+4, y)
	}
	for _, n := range p.Ns {
		px := p.xPos(float64(n))
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%d</text>`+"\n", px, p.Y+p.H+16, n)
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">users (N, log scale)</text>`+"\n", p.X+p.W/2, p.Y+p.H+32)
	if p.Target > 0 {
		py := p.yPos(p.Target)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black" stroke-dasharray="2,3"/>`, p.X, py, p.X+p.W, py)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" font-weight="bold">target %g</text>`+"\n", p.X+4, py-4, p.Target)
	}
	for _, s := range p.Series {
		if len(s.Points) == 0 {
			continue
		}
		var coords []string
		for _, pt := range s.Points {
			coords = append(coords, fmt.Sprintf("%.1f,%.1f", p.xPos(pt.N), p.yPos(pt.Y)))
		}
		dash := ""
		if s.Dashed {
			dash = ` stroke-dasharray="6,4"`
		}
		fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n", strings.Join(coords, " "), s.Color, dash)
		for _, c := range coords {
			xy := strings.Split(c, ",")
			fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`, xy[0], xy[1], s.Color)
		}
		b.WriteString("\n")
	}
}

func (r *report) legend(b *strings.Builder) {
	x := 60.0
	for _, op := range operations {
		fmt.Fprintf(b, `<line x1="%.0f" y1="383" x2="%.0f" y2="383" stroke="%s" stroke-width="3"/>`, x, x+24, opColors[op.Name])
		fmt.Fprintf(b, `<text x="%.0f" y="387">%s</text>`+"\n", x+30, op.Name)
		x += 110
	}
	fmt.Fprintf(b, `<text x="60" y="410" fill="#555">parallelism %d; floor = terraform_data time + ceil(N / parallelism) x latency x API calls needed per user</text>`+"\n", r.Parallelism)
}

// linearTicks returns about five round values between lo and hi.
func linearTicks(lo, hi float64) []float64 {
	step := roundUp((hi-lo)/5, []float64{1, 2, 5, 10})
	var ts []float64
	for v := math.Ceil(lo/step) * step; v <= hi+step/1000; v += step {
		ts = append(ts, math.Round(v*1e6)/1e6)
	}
	return ts
}

// niceCeil rounds an axis maximum up to a round value.
func niceCeil(v float64) float64 {
	return roundUp(v, []float64{1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10})
}

// roundUp rounds v up to the first of multiples times v's power of ten.
func roundUp(v float64, multiples []float64) float64 {
	if v <= 0 {
		return 1
	}
	pow := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range multiples {
		if v <= m*pow {
			return m * pow
		}
	}
	return 10 * pow
}
