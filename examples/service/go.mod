module github.com/smecredit/smecredit/examples/service

go 1.26

replace github.com/smecredit/smecredit => ../..

require (
	github.com/google/go-cmp v0.7.0
	github.com/shopspring/decimal v1.6.0
	github.com/smecredit/smecredit v0.0.0-00010101000000-000000000000
)

require gonum.org/v1/gonum v0.17.0 // indirect
