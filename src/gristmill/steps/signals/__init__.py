"""Quality signals as stored values: word splitting, the Gopher / C4 / FineWeb
signal families (`compute`), language identification (`language`), and the
`quality_signals` annotator that stores them all without judging."""
