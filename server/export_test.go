package server

// Routes lists the router's routes as "METHOD /path/:param", so the
// external tests can prove they cover every one.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.engine.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}
