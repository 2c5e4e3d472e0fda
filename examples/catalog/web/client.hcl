# Client agent config deployed to every node of the "web" class.
datacenter = "dc1"

client {
  enabled          = true
  node_class       = "web"
  node_pool        = "default"
  min_dynamic_port = 20000
  max_dynamic_port = 32000
  cni_path         = "/opt/cni/bin"
  cni_config_dir   = "/opt/cni/config"

  meta {
    "rack"          = "r1"
    public_network  = "public"
  }

  host_network "public" {
    cidr           = "203.0.113.0/24"
    reserved_ports = "22"
  }

  host_network "private" {
    interface = "eth1"
  }

  reserved {
    reserved_ports = "22,8500-8600"
  }
}
