client {
  node_class       = "edge"
  min_dynamic_port = 40000

  host_network "public" {
    cidr           = "198.51.100.0/24"
    reserved_ports = "22,80-70"
  }
}
