# Batch workers: their own node pool, no bridge networking, no CNI networks.
datacenter = "dc1"

client {
  enabled    = true
  node_class = "batch"
  node_pool  = "batch"

  reserved {
    reserved_ports = "22"
  }
}
